import { type ChildProcess, fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { startTestBaton } from '../../test/support/harness.js';
import { handoffId, populate } from './lowdb-bench-data.js';
import { listen, quantile, repoRoot, runWhenMain } from './support.js';

const SECRET = 'bench-signing-secret';
let batonUrl = '';
const RATE = 200;
const CONCURRENCY = 50;

/** A Web API that says ok to everything (auth.test, views.open, response_url): the bench measures Baton, not Slack. */
async function fakeSlack(): Promise<{ server: Server; url: string; answers(): number; pending(): number }> {
  let answers = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/response/')) answers++;
      const body = req.url?.endsWith('auth.test')
        ? { ok: true, team: 'Bench', user: 'baton', user_id: 'UBATON', bot_id: 'BBATON' }
        : { ok: true, channel: { id: 'DBENCH' }, ts: '1.000001' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  return {
    server,
    url: await listen(server),
    answers: () => answers,
    // Commands sent to Baton and not answered yet.
    pending: () => sentToBaton - answers - answeredInAck,
  };
}

let made = 0;

/** A request as Slack signs it (v0 HMAC of timestamp and body), ready to send. */
function signed(body: string, ts: string): { body: string; headers: Record<string, string> } {
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
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

/** Signed slash command bodies, made before the clock starts so the load generator stays cheap. */
function commands(
  n: number,
  responseBase: string,
  kind: 'help' | 'work' = 'work',
): Array<{ body: string; headers: Record<string, string> }> {
  const ts = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: n }, (_, i) => {
    const text =
      kind === 'help'
        ? 'help'
        : i % 2 === 0
          ? 'mine'
          : `Customer ${String((i * 37) % 1000).padStart(6, '0')} GmbH`;
    const body = new URLSearchParams({
      token: 't',
      team_id: 'T0BENCH',
      team_domain: 'bench',
      channel_id: 'C0DELIVERY',
      channel_name: 'delivery',
      user_id: 'U0TOM',
      user_name: 'tom',
      command: '/cx',
      text,
      api_app_id: 'A0BENCH',
      response_url: `${responseBase}/response/${i}`,
      // Unique across calls: Baton runs a trigger_id it has seen once only.
      trigger_id: `trigger.${ts}.${kind}.${n}.${i}.${++made}`,
    }).toString();
    return signed(body, ts);
  });
}

/** Signed Accept clicks on the bench's open handoffs (every third one), each on a different handoff. */
function clicks(n: number, responseBase: string): Array<{ body: string; headers: Record<string, string> }> {
  const ts = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: n }, (_, i) => {
    const value = `${handoffId(i * 3)}:1`;
    const payload = {
      type: 'block_actions',
      user: { id: 'U0TOM', username: 'tom', name: 'tom', team_id: 'T0BENCH' },
      api_app_id: 'A0BENCH',
      token: 't',
      container: { type: 'message', message_ts: '1.000001', channel_id: 'C0DELIVERY', is_ephemeral: false },
      trigger_id: `trigger.click.${ts}.${i}.${++made}`,
      team: { id: 'T0BENCH', domain: 'bench' },
      channel: { id: 'C0DELIVERY', name: 'delivery' },
      message: { type: 'message', ts: '1.000001', text: 'card' },
      response_url: `${responseBase}/response/click-${i}`,
      actions: [
        { action_id: 'baton:accept', block_id: `baton:0:${value}`, type: 'button', value, action_ts: '1.1' },
      ],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return signed(body, ts);
  });
}

/** Acknowledgements that came with an answer in them (help, "too busy"): no response_url post follows. */
let answeredInAck = 0;
let sentToBaton = 0;

function send(
  agent: Agent,
  url: string,
  c: { body: string; headers: Record<string, string> },
): Promise<number> {
  if (url === batonUrl) sentToBaton++;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: c.headers }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
      });
      res.on('end', () => {
        if (url === batonUrl && length > 0) answeredInAck++;
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

/** Open loop at `rate` a second: latency from send to the acknowledgement's last byte. */
async function atRate(url: string, list: ReturnType<typeof commands>, rate: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    list.map(async (c, i) => {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const s = performance.now();
      const status = await send(agent, url, c).catch(() => 0);
      latencies.push(performance.now() - s);
      if (status !== 200) errors++;
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors };
}

/** Closed loop, `CONCURRENCY` in flight: how many acknowledgements a second. */
async function throughput(url: string, list: ReturnType<typeof commands>) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < list.length) {
        const c = list[next++];
        if (c && (await send(agent, url, c).catch(() => 0)) === 200) ok++;
      }
    }),
  );
  agent.destroy();
  return ok / ((performance.now() - t0) / 1000);
}

/** The baseline: a Bolt app on its own HTTPReceiver that only acknowledges. */
async function serveBareBolt(apiUrl: string): Promise<number> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: 'xoxb-bench',
    botId: 'BBENCH',
    botUserId: 'UBENCH',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: `${apiUrl}/api/` },
  });
  app.command('/cx', async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = createServer((req, res) => receiver.requestListener(req, res));
  return Number(new URL(await listen(server)).port);
}

/** Baton as `npm start` runs it, on the bench's data file, with only the Slack adapter. */
async function serveBaton(apiUrl: string, file: string): Promise<number> {
  const repo = repoRoot();
  const t = await startTestBaton({
    store: { file },
    env: {
      BATON_CONFIG: path.join(repo, 'baton.config.example.yaml'),
      BATON_HANDOFFS: path.join(repo, 'handoffs'),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${apiUrl}/api/`,
    },
    adapters: async (ctx) => [
      await createSlackAdapter(
        ctx,
        process.env.SLACK_BENCH_WORK ? { workConcurrency: Number(process.env.SLACK_BENCH_WORK) } : {},
      ),
    ],
  });
  process.once('disconnect', () => void t.stop().finally(() => process.exit(0)));
  return t.port;
}

/** Each server in a process of its own, like production, so neither's backlog slows the other or the load. */
async function spawnServer(
  role: 'bolt' | 'baton',
  apiUrl: string,
  file: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, SLACK_BENCH_ROLE: role, SLACK_BENCH_API: apiUrl, SLACK_BENCH_FILE: file },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number((m as { port: number }).port)));
    child.once('exit', (code) => reject(new Error(`${role} server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/slack/events`, child };
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

/**
 * Slack command acknowledgement: Baton (lowdb store with the bench's
 * handoffs and history loaded, `/cx mine` and `/cx <customer>` answered after
 * the ack) against a bare Bolt app that only acks, side by side in one run.
 * Also how fast Baton's answers arrive (response_url posts a second).
 */
export async function benchSlack(opts: {
  log: (line: string) => void;
  handoffs?: number;
}): Promise<Record<string, number>> {
  const handoffs = opts.handoffs ?? Math.round(50_000 * Number(process.env.BENCH_SCALE ?? '1'));
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-slack-'));
  const file = path.join(dir, 'baton.json');
  const fake = await fakeSlack();
  const out: Record<string, number> = {};
  const children: ChildProcess[] = [];
  try {
    await populate(file, handoffs, handoffs * 10);
    const bolt = await spawnServer('bolt', fake.url, file);
    const baton = await spawnServer('baton', fake.url, file);
    batonUrl = baton.url;
    children.push(bolt.child, baton.child);
    const n = RATE * 10;
    for (const [name, url] of [
      ['bolt', bolt.url],
      ['baton', baton.url],
    ] as const) {
      await throughput(url, commands(300, fake.url)); // warm-up
      await waitFor(() => fake.pending() === 0, 60_000);
      const answered = fake.answers();
      const t0 = performance.now();
      const r = await atRate(url, commands(n, fake.url), RATE);
      out[`slack_${name}_ack_p50_ms`] = r.p50;
      out[`slack_${name}_ack_p99_ms`] = r.p99;
      out[`slack_${name}_errors`] = r.errors;
      opts.log(
        `slack ${name}: ${n} commands at ${RATE}/s: ack p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`,
      );
      if (name === 'baton') {
        const done = await waitFor(() => fake.pending() === 0, 120_000);
        const seconds = (performance.now() - t0) / 1000;
        out.slack_baton_answers_per_s = (fake.answers() - answered) / seconds;
        opts.log(
          `slack baton answers (after the ack, at the response_url): ${fake.answers() - answered}/${n} in ${seconds.toFixed(1)} s` +
            `${done ? '' : ' (gave up waiting)'}`,
        );
      }
    }
    // Throughput, alternating so both see the same machine state; Baton's backlog drains in between.
    // `help` is answered in the acknowledgement itself: Baton's own cost per request, nothing after.
    for (const kind of ['help', 'work'] as const) {
      const tp = { bolt: [] as number[], baton: [] as number[] };
      for (let round = 0; round < 3; round++) {
        tp.bolt.push(await throughput(bolt.url, commands(2_000, fake.url, kind)));
        await waitFor(() => fake.pending() === 0, 120_000);
        tp.baton.push(await throughput(baton.url, commands(2_000, fake.url, kind)));
        await waitFor(() => fake.pending() === 0, 120_000);
      }
      const best = (xs: number[]) => Math.max(...xs);
      const b = best(tp.bolt);
      const m = best(tp.baton);
      out[`slack_bolt_${kind}_ack_per_s`] = b;
      out[`slack_baton_${kind}_ack_per_s`] = m;
      out[`slack_baton_vs_bolt_${kind}`] = m / b;
      opts.log(
        `slack throughput, /cx ${kind === 'help' ? 'help (answered in the ack)' : 'mine + /cx <customer> (answered after)'}, ` +
          `${CONCURRENCY} concurrent, ${handoffs} handoffs loaded: bolt ${Math.round(b)}/s, baton ${Math.round(m)}/s (${(m / b).toFixed(2)}x)`,
      );
    }
    // Buttons: Accept on open handoffs at 200/s (each click commits an acceptance in Baton).
    for (const [name, url] of [
      ['bolt', bolt.url],
      ['baton', baton.url],
    ] as const) {
      const r = await atRate(url, clicks(n, fake.url), RATE);
      out[`slack_${name}_click_ack_p50_ms`] = r.p50;
      out[`slack_${name}_click_ack_p99_ms`] = r.p99;
      opts.log(
        `slack ${name}: ${n} Accept clicks at ${RATE}/s: ack p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`,
      );
    }
    await waitFor(() => fake.pending() === 0, 120_000);
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            const kill = setTimeout(() => c.kill('SIGKILL'), 30_000);
            c.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            c.disconnect();
          }),
      ),
    );
    fake.server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

const role = process.env.SLACK_BENCH_ROLE;
if (role && process.send) {
  const api = process.env.SLACK_BENCH_API ?? '';
  const serve = role === 'bolt' ? serveBareBolt(api) : serveBaton(api, process.env.SLACK_BENCH_FILE ?? '');
  serve.then(
    (port) => process.send?.({ port }),
    (err: unknown) => {
      process.stderr.write(
        `slack bench ${role} server failed: ${err instanceof Error ? err.stack : String(err)}\n`,
      );
      process.exit(1);
    },
  );
  if (role === 'bolt') process.once('disconnect', () => process.exit(0));
} else {
  runWhenMain(import.meta.url, 'slack', (log) => benchSlack({ log }));
}
