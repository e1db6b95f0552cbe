import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { populate } from './lowdb-bench-data.js';
import { cpuMs, freePort, peakRssMb, repoRoot, rssMb, waitFor } from './support.js';

/** The people who own the bench data's handoffs (`owner0..39`), in the config so they can ask for `mine`. */
export const OWNERS = 40;
export const ownerSlackId = (k: number) => `U0OWNER${k}`;
export const ownerTeamsId = (k: number) => `29:owner${k}`;
export const SLACK_SECRET = 'bench-signing-secret';
export const WEBHOOK_SECRET = 'bench-webhook-secret';

export interface BenchSetup {
  dir: string;
  config: string;
  handoffs: string;
  dataFile: string;
  cleanup(): Promise<void>;
}

/**
 * A scratch directory with the bundled example config plus the bench's owners, the bundled
 * playbooks, and (when `handoffs` > 0) a data file from the bench data builder whose times are
 * relative to the real clock, pushed an hour ahead so no reminder falls due during a run.
 */
export async function benchSetup(opts: {
  handoffs: number;
  history: number;
  /** Extra teams for the config (key to team object), e.g. more channels for the burst. */
  teams?: Record<string, unknown>;
  /** Extra people for the config (key to person object). */
  people?: Record<string, unknown>;
  /** Extra playbook files (name to YAML text). */
  playbooks?: Record<string, string>;
  /** false: data written before the journey rollup existed (no facts; Baton backfills them). */
  facts?: boolean;
}): Promise<BenchSetup> {
  const root = repoRoot();
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-'));
  const config = parse(await readFile(path.join(root, 'baton.config.example.yaml'), 'utf8')) as {
    teams: Record<string, unknown>;
    people: Record<string, unknown>;
  };
  for (let k = 0; k < OWNERS; k++) {
    config.people[`owner${k}`] = {
      name: `Owner ${k}`,
      team: 'delivery',
      slack: ownerSlackId(k),
      teams: ownerTeamsId(k),
      locale: 'en',
    };
  }
  Object.assign(config.teams, opts.teams ?? {});
  Object.assign(config.people, opts.people ?? {});
  const configFile = path.join(dir, 'baton.config.yaml');
  await writeFile(configFile, stringify(config));
  const handoffs = path.join(dir, 'handoffs');
  await cp(path.join(root, 'handoffs'), handoffs, { recursive: true });
  for (const [name, text] of Object.entries(opts.playbooks ?? {}))
    await writeFile(path.join(handoffs, name), text);
  const dataFile = path.join(dir, 'data', 'baton.json');
  if (opts.handoffs > 0)
    await cp(await cachedData(opts.handoffs, opts.history, opts.facts !== false), path.dirname(dataFile), {
      recursive: true,
    });
  return {
    dir,
    config: configFile,
    handoffs,
    dataFile,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

const built = new Map<string, Promise<string>>();
let cacheRoot: string | undefined;

/**
 * A data directory from the bench data builder, built once per size in this process and copied
 * for each bench (building 50k handoffs and 500k history takes a minute; a copy, seconds). Its
 * times are relative to the clock when built, an hour ahead: a run is over well before then.
 */
function cachedData(handoffs: number, history: number, facts: boolean): Promise<string> {
  const key = `${handoffs}-${history}${facts ? '' : '-nofacts'}`;
  let dir = built.get(key);
  if (!dir) {
    dir = (async () => {
      if (!cacheRoot) {
        const root = await mkdtemp(path.join(tmpdir(), 'baton-bench-data-'));
        cacheRoot = root;
        // Also when a bench runs on its own (no main to clear it) or ends in an error.
        process.once('exit', () => rmSync(root, { recursive: true, force: true }));
      }
      const out = path.join(cacheRoot, key);
      await populate(path.join(out, 'baton.json'), handoffs, history, {
        facts,
        now: new Date(Date.now() + 3_600_000),
      });
      return out;
    })();
    built.set(key, dir);
  }
  return dir;
}

/** Removes the built data (main calls it at the end of a run). */
export async function clearDataCache(): Promise<void> {
  built.clear();
  if (cacheRoot) await rm(cacheRoot, { recursive: true, force: true });
  cacheRoot = undefined;
}

/** What `settled` counts as idle: this share of a core over this long (BENCH_SETTLE_MS). */
const SETTLED_CPU_SHARE = 0.05;
const settledMs = () => Number(process.env.BENCH_SETTLE_MS ?? 8_000);

export interface BatonCli {
  url: string;
  pid: number;
  /** From spawn to the first /readyz 200, ms. */
  readyMs: number;
  rssMb(): Promise<number>;
  peakRssMb(): Promise<number>;
  /**
   * Resolves once the process has been all but idle (under 5 % of a core: its tick runs each
   * second) for eight seconds (BENCH_SETTLE_MS): its start-up housekeeping (indexes built in slices, the load's garbage collected and its
   * heap compacted while idle) is over. A throughput bench waits for it, or its first rounds
   * measure that work (1-2 s of collections) as the commands' cost. At most a minute.
   */
  settled(): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The CLI as `npm start` runs it: the production bundle (`npm run build`, which `npm run bench`
 * runs first), without --enable-source-maps. Without a bundle: compiled next to this file
 * (dist-tools/app/cli/main.js), or from source through tsx.
 */
function cliArgs(): string[] {
  // BENCH_BATON_ENTRY=<file>: another build to run (an A/B of two bundles).
  const other = process.env.BENCH_BATON_ENTRY;
  if (other) return [other, 'start'];
  const root = repoRoot();
  const bundle = path.join(root, 'dist/bundle/main.js');
  if (existsSync(bundle)) return [bundle, 'start'];
  const here = fileURLToPath(import.meta.url);
  const compiled = path.join(path.dirname(here), '../../app/cli/main.js');
  if (here.endsWith('.js') && existsSync(compiled)) return [compiled, 'start'];
  return [
    '--import',
    pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href,
    path.join(root, 'app/cli/main.ts'),
    'start',
  ];
}

/**
 * `baton start` in a child process, as a deployment runs it: Slack and Teams pointed at the
 * given loopback fakes, the generic webhook enabled, the setup's config, playbooks and data
 * file. Resolves once /readyz answers 200.
 */
export async function startBatonCli(
  setup: BenchSetup,
  o: { slackApiUrl?: string; env?: Record<string, string>; readyTimeoutMs?: number } = {},
): Promise<BatonCli> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {};
  // Only what a deployment needs: nothing from the caller's shell steers the process.
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[k]) env[k] = process.env[k];
  Object.assign(env, {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    BATON_PLAYGROUND: 'off',
    BATON_CONFIG: setup.config,
    BATON_HANDOFFS: setup.handoffs,
    BATON_DATA_FILE: setup.dataFile,
    BATON_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...(o.slackApiUrl
      ? {
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_SIGNING_SECRET: SLACK_SECRET,
          SLACK_API_URL: `${o.slackApiUrl}/api/`,
        }
      : {}),
    ...o.env,
  });
  const started = performance.now();
  // BENCH_BATON_PROF=<dir>: a CPU profile of each Baton process, written when it stops, and a
  // log of its long event-loop turns (stall-probe.ts; `stalls.js <dir>` shows what ran in them).
  const prof = process.env.BENCH_BATON_PROF;
  if (prof) env.BENCH_STALLS_OUT = prof;
  // The probe is loaded from the compiled bench only (run through tsx, the bench has no .js of it).
  const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stall-probe.js');
  const probing = existsSync(probe) ? ['--import', pathToFileURL(probe).href] : [];
  const profiling = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, ...probing] : [];
  // BENCH_BATON_NODE_ARGS: more node flags for each Baton process (e.g. `--max-semi-space-size=32`).
  const extra = process.env.BENCH_BATON_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const args = [...profiling, ...extra, ...cliArgs()];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: setup.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (d: Buffer) => {
    lines.push(...d.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (gone) throw new Error(`baton start exited before it was ready:\n${lines.slice(-30).join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`baton start not ready in time:\n${lines.slice(-30).join('\n')}`);
    }
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    readyMs,
    rssMb: () => rssMb(pid),
    peakRssMb: () => peakRssMb(pid),
    async settled() {
      // CPU over a trailing window of samples, a sample every half second.
      const samples: Array<{ at: number; cpu: number }> = [];
      const windowMs = settledMs();
      await waitFor(
        async () => {
          const now = Date.now();
          samples.push({ at: now, cpu: await cpuMs(pid) });
          const first = samples.find((x) => x.at >= now - windowMs - 100);
          const last = samples.at(-1);
          if (!first || !last || last.at - first.at < windowMs - 600) return false;
          return last.cpu - first.cpu < windowMs * SETTLED_CPU_SHARE;
        },
        60_000,
        500,
      );
    },
    output: () => lines.slice(-40).join('\n'),
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}
