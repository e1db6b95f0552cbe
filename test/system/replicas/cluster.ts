import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import YAML from 'yaml';
import { openPostgresStore } from '../../../adapters/store/postgres/postgres-store.js';
import { batonRegistry } from '../../../app/registry.js';
import { coreEnvSchema } from '../../../src/config/env.js';
import type { FollowUp } from '../../../src/domain/types.js';
import { adapterEnvShape } from '../../../src/registry/registry.js';
import type { ChangeSet } from '../../../src/store/store.js';
import { aCustomer, aHandoff } from '../../adapters/store/builders.js';
import { CountingSlack, type CountingSlackOptions } from './counting-slack.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Compiled (dist-tools/test/system/replicas/cluster.js, for the bench): replicas run from that build; from source, through tsx. */
const COMPILED = import.meta.url.endsWith('.js');

function repoRoot(): string {
  let dir = HERE;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
export const REPO = repoRoot();

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Undefined when the server answers, otherwise why not. */
export async function databaseProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The example organisation plus `recipients` delivery people with Slack ids, all reached by DM. */
export async function writeConfig(dir: string, recipients: number): Promise<string> {
  const example = YAML.parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8')) as {
    people: Record<string, unknown>;
    reports?: unknown;
  };
  // Only reminders here: the weekly report's own once-across-replicas test is weekly-report-replicas.
  example.reports = { weekly: { enabled: false } };
  for (let i = 0; i < recipients; i++) {
    example.people[recipientKey(i)] = {
      name: `Recipient ${i}`,
      team: 'delivery',
      slack: `U0R${i}`,
      timezone: 'Europe/London',
      locale: 'en',
      languages: ['en'],
    };
  }
  const file = path.join(dir, 'baton.config.yaml');
  await writeFile(file, YAML.stringify(example));
  return file;
}

const recipientKey = (i: number) => `r${String(i).padStart(4, '0')}`;

/** Follow-ups a handoff has due at once: its accept and first-contact nudges. */
const STEPS: Array<Pick<FollowUp, 'window' | 'step'>> = [
  { window: 'accept', step: '50%' },
  { window: 'accept', step: '100%' },
  { window: 'firstContact', step: '50%' },
  { window: 'firstContact', step: '100%' },
];

export interface Seed {
  followUps: string[];
  handoffs: number;
  customers: number;
}

/**
 * Open handoffs whose nudges are all due by `now`, each to its assignee by DM.
 * Due times are shuffled over the ten minutes before `now`, and claims take
 * the oldest first, so one claim mixes many recipients and a recipient's
 * reminders fall into several claims: digests form as they would in life,
 * without one claim swallowing a person's whole backlog.
 */
export async function seedReminders(opts: {
  url: string;
  schema: string;
  reminders: number;
  recipients: number;
  now: Date;
  /** Make the follow-ups due in one commit after the customers and handoffs exist (for timing). */
  releaseAtOnce?: boolean;
}): Promise<Seed & { releasedAt: number }> {
  const store = await openPostgresStore({ url: opts.url, schema: opts.schema, poolSize: 4 });
  try {
    const handoffs = Math.ceil(opts.reminders / STEPS.length);
    const windowStart = new Date(opts.now.getTime() - 4 * 3_600_000).toISOString();
    const chunks: ChangeSet[] = [];
    const all: FollowUp[] = [];
    for (let start = 0; start < handoffs; start += 250) {
      const chunk: Required<Pick<ChangeSet, 'customers' | 'handoffs' | 'followUps'>> = {
        customers: [],
        handoffs: [],
        followUps: [],
      };
      for (let i = start; i < Math.min(handoffs, start + 250); i++) {
        const person = recipientKey(i % opts.recipients);
        const c = aCustomer({ owner: person, language: 'en' });
        const h = aHandoff(c.id, { assignee: person, sender: 'dana', context: { summary: `Deal ${i}` } });
        chunk.customers.push({ value: c, expectedVersion: null });
        chunk.handoffs.push({ value: h, expectedVersion: null });
        for (const s of STEPS) {
          if (all.length >= opts.reminders) break;
          const f: FollowUp = {
            id: `${h.id}:r1:${s.window}:${s.step}`,
            customerId: c.id,
            handoffId: h.id,
            window: s.window,
            kind: 'nudge',
            step: s.step,
            recipient: { kind: 'person', person },
            windowStart,
            deadline: opts.now.toISOString(),
            dueAt: new Date(opts.now.getTime() - Math.floor(Math.random() * 600_000)).toISOString(),
            status: 'pending',
          };
          all.push(f);
          chunk.followUps.push(f);
        }
      }
      chunks.push(opts.releaseAtOnce ? { customers: chunk.customers, handoffs: chunk.handoffs } : chunk);
    }
    // Independent records: four commits at a time, one per connection.
    for (let i = 0; i < chunks.length; i += 4) {
      const results = await Promise.all(chunks.slice(i, i + 4).map((c) => store.commit(c)));
      const failed = results.find((r) => !r.ok);
      if (failed) throw new Error(`seeding failed: ${JSON.stringify(failed)}`);
    }
    if (opts.releaseAtOnce) {
      const r = await store.commit({ followUps: all });
      if (!r.ok) throw new Error(`seeding follow-ups failed: ${JSON.stringify(r)}`);
    }
    return {
      followUps: all.map((f) => f.id),
      handoffs,
      customers: handoffs,
      releasedAt: Date.now(),
    };
  } finally {
    await store.close();
  }
}

export interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The last lines the process wrote (warnings and errors), for a failure message. */
  output(): string;
  /** How often it logged each message (LOG_LEVEL=warn: warnings and errors only). */
  said: Map<string, number>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  databaseUrl: string;
  schema: string;
  slackApiUrl: string;
  config: string;
  cwd: string;
  tickMs: number;
  leaseMs?: number;
}

/** `baton start` in a child process, as a deployment runs it: from dist when compiled, else from source. */
export async function startReplica(o: ReplicaOptions): Promise<Replica> {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env };
  // Nothing from the caller's shell may steer the replica (another DATABASE_URL, Teams ids, ...).
  for (const k of Object.keys({ ...coreEnvSchema.shape, ...adapterEnvShape(batonRegistry) })) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: o.databaseUrl,
    BATON_DB_SCHEMA: o.schema,
    BATON_REPLICA: o.name,
    BATON_TICK_MS: String(o.tickMs),
    ...(o.leaseMs === undefined ? {} : { BATON_LEASE_MS: String(o.leaseMs) }),
    BATON_PLAYGROUND: 'off',
    BATON_CONFIG: o.config,
    BATON_HANDOFFS: path.join(REPO, 'handoffs'),
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'test',
    SLACK_API_URL: o.slackApiUrl,
  });
  const args = COMPILED
    ? ['--enable-source-maps', fileURLToPath(new URL('../../../app/cli/main.js', import.meta.url)), 'start']
    : [
        '--import',
        pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href,
        path.join(REPO, 'app/cli/main.ts'),
        'start',
      ];
  const child = spawn(process.execPath, args, { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const said = new Map<string, number>();
  const keep = (d: Buffer) => {
    for (const l of d.toString('utf8').split('\n')) {
      if (!l.trim()) continue;
      lines.push(l);
      const msg = /"msg":"([^"]*)"/.exec(l)?.[1] ?? l.slice(0, 80);
      said.set(msg, (said.get(msg) ?? 0) + 1);
    }
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const replica: Replica = {
    name: o.name,
    url,
    child,
    exited,
    output: () => lines.slice(-40).join('\n'),
    said,
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
    async kill() {
      if (gone) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`replica ${o.name} exited during start:\n${replica.output()}`);
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return replica;
    if (Date.now() > deadline) {
      await replica.kill();
      throw new Error(`replica ${o.name} not ready within 60 s:\n${replica.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Verdict {
  reminders: number;
  /** Reminder deliveries (DMs) Baton queued, and how many of them are still not sent. */
  dms: number;
  unsentDms: number;
  posts: number;
  /** Seeded follow-ups still pending, in no DM, or in more than one DM. */
  pending: number;
  missing: string[];
  inSeveralDms: string[];
  /** Delivery ids Slack saw more than once, and posts of a delivery the database does not know. */
  postedTwice: string[];
  postedUnknown: string[];
  /** DMs recorded as sent that Slack never saw. */
  sentUnposted: string[];
  /** Follow-ups with more than one `followup.nudged` audit entry. */
  auditedTwice: number;
  perReplica: Record<string, number>;
  /** Largest number of follow-ups in one DM. */
  largestDigest: number;
}

/** Reads back what Baton recorded and what Slack saw, and sets one against the other. */
export async function verify(
  admin: pg.Pool,
  schema: string,
  seeded: string[],
  slack: CountingSlack,
): Promise<Verdict> {
  const { rows } = await admin.query<{ id: string; status: string; followups: string[] | null }>(
    `SELECT id, status, ARRAY(SELECT f->>'id' FROM jsonb_array_elements(data->'message'->'followUps') f) AS followups
       FROM ${schema}.deliveries WHERE data->'message'->>'type' = 'reminder'`,
  );
  const pending = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.follow_ups`);
  const audited = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT data->'subject'->>'id' FROM ${schema}.history
        WHERE kind = 'audit' AND data->>'action' = 'followup.nudged'
        GROUP BY 1 HAVING count(*) > 1) twice`,
  );
  const inDms = new Map<string, number>();
  let largestDigest = 0;
  for (const r of rows) {
    const list = r.followups ?? [];
    largestDigest = Math.max(largestDigest, list.length);
    for (const f of list) inDms.set(f, (inDms.get(f) ?? 0) + 1);
  }
  const known = new Set(rows.map((r) => r.id));
  const sent = rows.filter((r) => r.status === 'sent');
  return {
    reminders: seeded.length,
    dms: rows.length,
    unsentDms: rows.length - sent.length,
    posts: slack.posts.length,
    pending: pending.rows[0]?.n ?? -1,
    missing: seeded.filter((id) => !inDms.has(id)),
    inSeveralDms: [...inDms].filter(([, n]) => n > 1).map(([id]) => id),
    postedTwice: slack.duplicates(),
    postedUnknown: [...slack.byDelivery.keys()].filter((id) => !known.has(id)),
    sentUnposted: sent.filter((r) => !slack.byDelivery.has(r.id)).map((r) => r.id),
    auditedTwice: audited.rows[0]?.n ?? -1,
    perReplica: Object.fromEntries(slack.byReplica),
    largestDigest,
  };
}

function logged(replicas: Replica[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of replicas) for (const [m, n] of r.said) out[m] = (out[m] ?? 0) + n;
  return out;
}

/** True once nothing is pending: no due follow-up, no unsent delivery. */
async function drained(admin: pg.Pool, schema: string): Promise<boolean> {
  const { rows } = await admin.query<{ f: number; d: number }>(
    `SELECT (SELECT count(*)::int FROM ${schema}.follow_ups) AS f,
            (SELECT count(*)::int FROM ${schema}.deliveries WHERE status = 'pending') AS d`,
  );
  return rows[0]?.f === 0 && rows[0]?.d === 0;
}

export interface RunOptions {
  databaseUrl: string;
  replicas: number;
  reminders: number;
  recipients: number;
  tickMs?: number;
  leaseMs?: number;
  slack?: CountingSlackOptions;
  /** Seed before the replicas start (what fell due while Baton was down), or release it once all are up. */
  seed: 'before-start' | 'after-start';
  /** SIGKILL this replica (by index) once it has posted `afterPosts` messages. */
  kill?: { replica: number; afterPosts: number };
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface RunResult {
  verdict: Verdict;
  /** From the moment the reminders were due with every replica up (or from the first start) to the last post. */
  seconds: number;
  /** Each DM's post time after the reminders were due (as `seconds` counts from), ms. */
  postDelaysMs: number[];
  /** Start-up of the replicas (spawn to every /readyz 200), seconds. */
  startSeconds: number;
  /** What the killed replica had posted when it died, and how many reminders were still due then. */
  killed?: { replica: string; posted: number; pendingFollowUps: number; pendingDms: number };
  /** conversations.history look-ups: how often a replica checked Slack before posting again. */
  lookups: number;
  /** A stuck run: what was still pending when time ran out. */
  timedOut: boolean;
  /** Warnings and errors the replicas logged, by message, summed over replicas. */
  logged: Record<string, number>;
}

/**
 * One whole run: a fresh schema, `replicas` Baton processes on it, the
 * reminders seeded, everything sent through the counting Slack, then the
 * verdict. The schema and the processes are gone when it returns.
 */
export async function runReplicas(o: RunOptions): Promise<RunResult> {
  const schema = `baton_replicas_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-replicas-'));
  const admin = new pg.Pool({ connectionString: o.databaseUrl, max: 2 });
  const slack = await new CountingSlack(o.slack).start();
  const replicas: Replica[] = [];
  const log = o.log ?? (() => {});
  try {
    const config = await writeConfig(dir, o.recipients);
    const seedNow = async (releaseAtOnce: boolean) =>
      seedReminders({
        url: o.databaseUrl,
        schema,
        reminders: o.reminders,
        recipients: o.recipients,
        now: new Date(),
        releaseAtOnce,
      });
    let seed: Awaited<ReturnType<typeof seedNow>> | undefined;
    const seeding = Date.now();
    if (o.seed === 'before-start') {
      seed = await seedNow(false);
      log(`seeded ${o.reminders} due reminders in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    }
    const spawnedAt = Date.now();
    const started = await Promise.allSettled(
      Array.from({ length: o.replicas }, (_, i) =>
        startReplica({
          name: `r${i + 1}`,
          databaseUrl: o.databaseUrl,
          schema,
          slackApiUrl: slack.url(`r${i + 1}`),
          config,
          cwd: dir,
          tickMs: o.tickMs ?? 100,
          ...(o.leaseMs === undefined ? {} : { leaseMs: o.leaseMs }),
        }),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') replicas.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const startSeconds = (Date.now() - spawnedAt) / 1000;
    log(`${o.replicas} replica(s) ready in ${startSeconds.toFixed(1)} s`);
    if (o.seed === 'after-start') seed = await seedNow(true);
    if (!seed) throw new Error('not seeded');
    const from = o.seed === 'after-start' ? seed.releasedAt : spawnedAt;

    let killed: RunResult['killed'];
    const deadline = Date.now() + o.timeoutMs;
    let timedOut = false;
    for (;;) {
      if (o.kill && !killed) {
        const victim = replicas[o.kill.replica];
        if (victim && (slack.byReplica.get(victim.name) ?? 0) >= o.kill.afterPosts) {
          await victim.kill();
          const { rows } = await admin.query<{ f: number; d: number }>(
            `SELECT (SELECT count(*)::int FROM ${schema}.follow_ups) AS f,
                    (SELECT count(*)::int FROM ${schema}.deliveries WHERE status = 'pending') AS d`,
          );
          killed = {
            replica: victim.name,
            posted: slack.byReplica.get(victim.name) ?? 0,
            pendingFollowUps: rows[0]?.f ?? -1,
            pendingDms: rows[0]?.d ?? -1,
          };
          log(
            `killed ${victim.name} (SIGKILL) after ${killed.posted} posts; ` +
              `${killed.pendingFollowUps} follow-ups and ${killed.pendingDms} DMs still pending`,
          );
        }
      }
      if (await drained(admin, schema)) break;
      for (const r of replicas) {
        if (r.child.exitCode !== null && r.child.signalCode !== 'SIGKILL')
          throw new Error(`replica ${r.name} exited (${r.child.exitCode}):\n${r.output()}`);
      }
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const last = slack.posts.reduce((m, p) => Math.max(m, p.at), from);
    const verdict = await verify(admin, schema, seed.followUps, slack);
    return {
      verdict,
      seconds: (last - from) / 1000,
      postDelaysMs: slack.posts.map((p) => p.at - from),
      startSeconds,
      ...(killed ? { killed } : {}),
      lookups: slack.calls.get('conversations.history') ?? 0,
      timedOut,
      logged: logged(replicas),
    };
  } catch (err) {
    const outputs = replicas.map((r) => `--- ${r.name}\n${r.output()}`).join('\n');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${outputs}`);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await slack.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}
