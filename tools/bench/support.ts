import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The value at quantile `q` (0..1) of ascending `sorted`; 1 is the maximum, an empty list 0. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** The median of a few rounds (not sorted in place). */
export function median(xs: number[]): number {
  return quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

/** The size knobs every bench reads: BENCH_SCALE scales data and load, BENCH_ROUNDS the rounds. */
export function scaled(n: number, min = 1): number {
  return Math.max(min, Math.round(n * Number(process.env.BENCH_SCALE ?? '1')));
}
export const rounds = () => Math.max(1, Number(process.env.BENCH_ROUNDS ?? '3'));

export interface Goal {
  name: string;
  value: number;
  op: '>=' | '<';
  target: number;
  met: boolean;
}
/** Every goal judged in this process, for main's summary. */
export const goals: Goal[] = [];

/** Judges a goal and prints it with met / NOT MET; the workload is part of `name`. */
export function goal(
  log: (line: string) => void,
  name: string,
  value: number,
  op: '>=' | '<',
  target: number,
  unit = '',
): Goal {
  const met = Number.isFinite(value) && (op === '>=' ? value >= target : value < target);
  const g = { name, value, op, target, met };
  goals.push(g);
  log(`  GOAL ${name}: ${fmt(value)}${unit} (goal ${op} ${fmt(target)}${unit}) ${met ? 'met' : 'NOT MET'}`);
  return g;
}

export const fmt = (v: number) =>
  !Number.isFinite(v) ? String(v) : Math.abs(v) >= 100 ? String(Math.round(v)) : v.toFixed(2);

/**
 * The repository root (the bundled config and playbooks), whether the bench runs from source or
 * from dist-tools/: the test harness's own idea of the repository is one level off from a build.
 */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'baton.config.example.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** Listens on a free loopback port; the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  const url = await listen(s);
  await new Promise((r) => s.close(r));
  return Number(new URL(url).port);
}

export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  ms: number,
  every = 50,
): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await cond()) && Date.now() < end) await new Promise((r) => setTimeout(r, every));
  return cond();
}

/** A request as Slack signs it (v0 HMAC of timestamp and body). */
export function slackSigned(body: string, secret: string): { body: string; headers: Record<string, string> } {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature,
    },
  };
}

/** A generic webhook as Baton checks it (`X-Baton-Signature: sha256=<hex HMAC of the body>`). */
export function webhookSigned(
  body: string,
  secret: string,
): { body: string; headers: Record<string, string> } {
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-baton-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

export interface Reply {
  status: number;
  body: string;
}

/** A keep-alive HTTP client with `sockets` connections, as a platform's or sender's would be. */
export function client(sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const post = (url: string, r: { body: string; headers: Record<string, string> }) =>
    new Promise<Reply>((resolve) => {
      const req = request(url, { method: 'POST', agent, headers: r.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', () => resolve({ status: 0, body: '' }));
      req.end(r.body);
    });
  return { post, close: () => agent.destroy() };
}

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  seconds: number;
  /** Successes a second over the whole run. */
  perSecond: number;
  p50: number;
  p99: number;
}

function summarise(latencies: number[], ok: number, sent: number, seconds: number): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    sent,
    ok,
    failed: sent - ok,
    seconds,
    perSecond: ok / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

/**
 * Open loop: request `i` leaves at t0 + i/rate whatever happened to the ones before, so a slow
 * server meets the rate it would meet in production. `one(i)` resolves to success; its latency
 * is measured from the scheduled send time (queueing in the generator counts against the server).
 */
export async function openLoop(
  n: number,
  rate: number,
  one: (i: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const at = t0 + (i * 1000) / rate;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const good = await one(i);
      latencies.push(performance.now() - at);
      if (good) ok++;
    }),
  );
  return summarise(latencies, ok, n, (performance.now() - t0) / 1000);
}

/**
 * Closed loop: `concurrency` clients, each sends its next request when the last one is done,
 * `n` requests or until `maxSeconds` have passed (those in flight then still finish and count).
 */
export async function closedLoop(
  n: number,
  concurrency: number,
  one: (i: number) => Promise<boolean>,
  maxSeconds = Number.POSITIVE_INFINITY,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  const end = t0 + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n && performance.now() < end) {
        const i = next++;
        const s = performance.now();
        if (await one(i)) ok++;
        latencies.push(performance.now() - s);
      }
    }),
  );
  return summarise(latencies, ok, next, (performance.now() - t0) / 1000);
}

/** One sample of a Prometheus text exposition: the sum of the series of `name` whose labels include `labels`. */
export async function metric(
  baseUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const res = await fetch(`${baseUrl}/metrics`);
  const text = await res.text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const ls = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => ls.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

/** Resident memory of a process, MB (Linux /proc), NaN elsewhere. */
/**
 * CPU time a process has used, ms (user + system, Linux /proc), NaN elsewhere: on a machine
 * shared with other work, CPU per request is steadier than requests per second.
 */
export async function cpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

export async function rssMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident memory of a process, MB (Linux /proc VmHWM), NaN elsewhere. */
export async function peakRssMb(pid: number): Promise<number> {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * One bench run on its own (`node dist-tools/tools/bench/slack-bench.js`) when `moduleUrl` is
 * the entry point: its lines as they come, then its figures as JSON; a failure sets the exit code.
 */
export function runWhenMain(
  moduleUrl: string,
  name: string,
  bench: (log: (line: string) => void) => Promise<Record<string, number>>,
): boolean {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return false;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  bench(log).then(
    (figures) => log(JSON.stringify(figures, null, 2)),
    (err: unknown) => {
      process.stderr.write(`${name} bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
  return true;
}

/**
 * A sibling module of this file in a child process (a yardstick server), run the way this file
 * runs: compiled, or from source through tsx. The child sends `{ port }` once it listens.
 */
export async function forkServer(
  module: string,
  env: Record<string, string>,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const { fork } = await import('node:child_process');
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const file = path.join(path.dirname(here), `${module}${ext}`);
  const execArgv =
    ext === '.ts'
      ? ['--import', pathToFileURL(path.join(repoRoot(), 'node_modules/tsx/dist/loader.mjs')).href]
      : // The same node flags as Baton's (see baton-cli.ts), so neither side of a ratio pays for source maps.
        [];
  const child = fork(file, [], {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number((m as { port: number }).port)));
    child.once('exit', (code) => reject(new Error(`${module} exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.disconnect();
      }),
  };
}
