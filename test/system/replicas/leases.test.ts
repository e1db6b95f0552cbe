import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteDriver } from '../../../adapters/store/postgres/pglite-driver.js';
import {
  createPostgresStore,
  openPostgresStore,
  type PostgresStore,
} from '../../../adapters/store/postgres/postgres-store.js';
import { batonRegistry } from '../../../app/registry.js';
import { manualClock, randomIds } from '../../../src/clock.js';
import { createDirectory } from '../../../src/config/directory.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { Delivery } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log.js';
import { createDispatcher, type DispatchDeps } from '../../../src/outbox/dispatcher.js';
import type { Notifier } from '../../../src/outbox/notifier.js';
import { loadPlaybooks } from '../../../src/playbooks/load-playbooks.js';
import { tick } from '../../../src/scheduler/tick.js';
import type { Store } from '../../../src/store/store.js';
import { aCustomer, aDelivery, aFollowUp, aHandoff } from '../../adapters/store/builders.js';
import { DEFAULT_DATABASE_URL, databaseProblem, REPO } from './cluster.js';

/**
 * The races of several replicas, played step by step in one process: two
 * store instances on one schema stand for two replicas, each with its own
 * clock, so "the lease ran out" happens exactly where the test says. The
 * server when one answers, else PGlite (these need no second process).
 */
const URL = process.env.BATON_TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;
const problem = await databaseProblem(URL);
if (problem && process.env.BATON_REQUIRE_POSTGRES === '1')
  throw new Error(`BATON_REQUIRE_POSTGRES=1 but PostgreSQL at ${URL} does not answer: ${problem}`);
const admin = problem ? undefined : new pg.Pool({ connectionString: URL, max: 1 });
const lite = problem ? new PGlite() : undefined;
const schemas: string[] = [];

afterAll(async () => {
  for (const s of schemas) await admin?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin?.end();
  await lite?.close();
});

/** Two replicas' stores on one fresh schema, and a look at a delivery as stored, also once sent. */
async function twoReplicas(): Promise<
  [PostgresStore, PostgresStore, (id: string) => Promise<Delivery | undefined>]
> {
  const schema = `baton_leases_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  schemas.push(schema);
  const open = () =>
    lite
      ? createPostgresStore(pgliteDriver(lite, { schema }), { schema })
      : openPostgresStore({ url: URL, schema, poolSize: 2 });
  const a = await open();
  const stored = async (id: string) => {
    const sql = `SELECT data FROM ${schema}.deliveries WHERE id = $1`;
    const rows = lite
      ? (await lite.query<{ data: Delivery }>(sql, [id])).rows
      : (await admin?.query<{ data: Delivery }>(sql, [id]))?.rows;
    return rows?.[0]?.data;
  };
  return [a, await open(), stored];
}

const LEASE = 10_000;
const T0 = '2031-05-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms);

/** A platform both replicas post to; a delivery can be looked up by its id, as Slack's metadata allows. */
function platform() {
  const posts: Array<{ delivery: string; by: string }> = [];
  const notifier = (by: string): Notifier => ({
    platform: 'slack',
    async send(item) {
      posts.push({ delivery: item.delivery.id, by });
      return { ok: true, ref: { conversationId: 'D0TOM', messageId: `m${posts.length}` } };
    },
    async reconcile(item) {
      const i = posts.findIndex((p) => p.delivery === item.delivery.id);
      return i < 0 ? undefined : { conversationId: 'D0TOM', messageId: `m${i + 1}` };
    },
  });
  return { posts, notifier };
}

function dispatcher(
  name: string,
  store: Store,
  clock: ReturnType<typeof manualClock>,
  notifier: Notifier,
  render: DispatchDeps['render'] = async () => ({ rendered: { kind: 'text', text: 'hi', locale: 'en' } }),
) {
  return createDispatcher({
    store,
    clock,
    ids: randomIds,
    log: silentLogger,
    notifiers: new Map([['slack', notifier]]),
    render,
    replica: name,
  });
}

const aDm = (): Delivery =>
  aDelivery({
    target: { kind: 'person', person: 'tom' },
    message: { type: 'text', text: 'hi' },
    nextAttemptAt: T0,
    createdAt: T0,
  });

/** A promise the test opens when it wants, and one that says the code got there. */
function gate() {
  let open = () => {};
  let arrived = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  const reached = new Promise<void>((r) => {
    arrived = r;
  });
  return { opened, reached, open: () => open(), arrive: () => arrived() };
}

describe(`replicas racing on leases (${lite ? 'PGlite' : 'PostgreSQL server'})`, () => {
  it('does not post again what a replica posted before it died: the next claimer finds it', async () => {
    const [a, b, stored] = await twoReplicas();
    const d = aDm();
    await a.commit({ deliveries: [d] });
    const { posts, notifier } = platform();
    // r1 claims and posts, then is killed before it records the post.
    expect(await a.claimDeliveries(at(0), { limit: 10, leaseMs: LEASE, owner: 'r1' })).toHaveLength(1);
    posts.push({ delivery: d.id, by: 'r1' });

    const early = await dispatcher('r2', b, manualClock(at(LEASE - 1)), notifier('r2')).dispatchOnce({
      leaseMs: LEASE,
    });
    expect(early.sent).toBe(0);
    const late = await dispatcher('r2', b, manualClock(at(LEASE)), notifier('r2')).dispatchOnce({
      leaseMs: LEASE,
    });
    expect(late.sent).toBe(1);
    expect(posts).toEqual([{ delivery: d.id, by: 'r1' }]);
    expect(await stored(d.id)).toMatchObject({
      status: 'sent',
      result: { conversationId: 'D0TOM', messageId: 'm1' },
    });
    await Promise.all([a.close(), b.close()]);
  });

  it('does not post on a claim that ran out: the replica that took it over posts, once', async () => {
    const [a, b, stored] = await twoReplicas();
    const d = aDm();
    await a.commit({ deliveries: [d] });
    const { posts, notifier } = platform();
    const clockA = manualClock(at(0));
    const slow = gate();
    // r1 stalls while rendering (a long GC pause, a starved CPU, a busy channel's pacing).
    const r1 = dispatcher('r1', a, clockA, notifier('r1'), async () => {
      slow.arrive();
      await slow.opened;
      return { rendered: { kind: 'text', text: 'hi', locale: 'en' } };
    });
    const stalled = r1.dispatchOnce({ leaseMs: LEASE });
    await slow.reached;

    const r2 = dispatcher('r2', b, manualClock(at(LEASE)), notifier('r2'));
    expect((await r2.dispatchOnce({ leaseMs: LEASE })).sent).toBe(1);
    clockA.set(at(LEASE));
    slow.open();
    expect(await stalled).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(posts).toEqual([{ delivery: d.id, by: 'r2' }]);
    expect(await stored(d.id)).toMatchObject({ status: 'sent', result: { messageId: 'm1' } });
    await Promise.all([a.close(), b.close()]);
  });

  it('does not commit reminders from a tick that outlived its claim: each follow-up is in one message', async () => {
    const [a, b] = await twoReplicas();
    const loaded = await loadConfig(path.join(REPO, 'baton.config.example.yaml'), batonRegistry.platforms);
    const dir = createDirectory(
      loaded.config,
      await loadPlaybooks(path.join(REPO, 'handoffs'), loaded.config),
      batonRegistry,
    );
    const customer = aCustomer({ owner: 'tom' });
    const handoff = aHandoff(customer.id, { assignee: 'tom' });
    const due = (step: string, ms: number) =>
      aFollowUp(customer.id, handoff.id, {
        id: `${handoff.id}:r1:accept:${step}`,
        step,
        recipient: { kind: 'person', person: 'tom' },
        dueAt: at(ms).toISOString(),
      });
    // The third falls due while r1 is stalled, so r2's digest differs from r1's (another key).
    const followUps = [due('25%', -1_000), due('50%', -1_000), due('75%', 30_000)];
    await a.commit({
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: handoff, expectedVersion: null }],
      followUps,
    });
    const lease = { leaseMs: 60_000 };
    const slow = gate();
    const stalledStore: Store = {
      ...a,
      async getHandoffs(ids) {
        slow.arrive();
        await slow.opened;
        return a.getHandoffs(ids);
      },
    };
    const clockA = manualClock(at(0));
    const common = { dir, ids: randomIds, log: silentLogger, platforms: ['slack'] as const };
    const stalled = tick({ ...common, store: stalledStore, clock: clockA, replica: 'r1' }, lease);
    await slow.reached;

    const taken = await tick({ ...common, store: b, clock: manualClock(at(60_000)), replica: 'r2' }, lease);
    expect(taken).toMatchObject({ claimed: 3, messages: 1 });
    clockA.set(at(60_000));
    slow.open();
    expect(await stalled).toMatchObject({ claimed: 2, messages: 0 });

    const reminders = (await b.listDeliveries({ status: 'pending' })).filter(
      (d) => d.message.type === 'reminder',
    );
    expect(reminders).toHaveLength(1);
    const inMessage = reminders.flatMap((d) => (d.message.type === 'reminder' ? d.message.followUps : []));
    expect(inMessage.map((f) => f.id).sort()).toEqual(followUps.map((f) => f.id).sort());
    await Promise.all([a.close(), b.close()]);
  });
});
