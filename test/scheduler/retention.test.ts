import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  postEvent,
  purchaseEvent,
  startWebhookBaton,
  type WebhookBaton,
} from '../adapters/webhooks/support.js';
import { tempDir } from '../support/harness.js';
import { type PostgresTarget, postgresTarget } from '../support/postgres-target.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let pgTarget: PostgresTarget | undefined;
afterAll(async () => {
  await pgTarget?.close();
});

/**
 * Retention, driven by the running Baton's own scheduler pass on an injected
 * clock: a processed webhook event and the deliveries sent for it are gone
 * after 30 days, on every store, without anyone compacting or calling prune.
 */
describe.each(['memory', 'lowdb', 'postgres'] as const)('retention on the %s store', (kind) => {
  let t: WebhookBaton | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  let schema = '';
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    await tmp?.cleanup();
    tmp = undefined;
  });

  async function start(now: string) {
    if (kind === 'memory') return startWebhookBaton({ now });
    if (kind === 'lowdb') {
      tmp ??= await tempDir('baton-retention-');
      return startWebhookBaton({ now, store: { file: path.join(tmp.dir, 'baton.json') } });
    }
    pgTarget ??= await postgresTarget();
    schema ||= pgTarget.freshSchema();
    return startWebhookBaton({ now, store: await pgTarget.open(schema) });
  }

  /** Sent delivery rows from before `before`, counted in the table itself (PostgreSQL keeps them until pruned). */
  async function sentRowsBefore(before: Date): Promise<number | undefined> {
    if (kind !== 'postgres') return undefined;
    const [row] = await pgTarget!.admin<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${schema}.deliveries WHERE status = 'sent' AND sent_at < $1`,
      [before.toISOString()],
    );
    return row?.n ?? 0;
  }

  it('prunes processed webhook events and sent deliveries after 30 days, not before', async () => {
    t = await start('2026-11-23T15:00:00Z');
    const start0 = t.clock.now();
    expect((await postEvent(t, purchaseEvent({ id: 'evt_old' }))).status).toBe(202);
    await t.advance(1_000);
    expect(await t.store.getInbound('events', 'evt_old')).toMatchObject({ status: 'processed' });
    expect(t.notifier.sent.length).toBeGreaterThan(0);
    const dayOne = new Date(start0.getTime() + HOUR);
    if (kind === 'postgres') expect(await sentRowsBefore(dayOne)).toBeGreaterThan(0);
    // A translation a reader asked for on day one, kept as the Translate button keeps it.
    const kept = { ns: 'translation', key: 'cus_1:abc', value: { text: 'hello', at: start0.toISOString() } };
    expect((await t.store.commit({ kv: [kept] })).ok).toBe(true);

    // The control: 29 days on, the passes (hourly prunes among them) leave them alone.
    for (let d = 0; d < 29; d++) await t.advance(DAY);
    expect(await t.store.getInbound('events', 'evt_old')).toMatchObject({ status: 'processed' });
    if (kind === 'postgres') expect(await sentRowsBefore(dayOne)).toBeGreaterThan(0);
    expect(await t.store.getKv('translation', 'cus_1:abc')).toMatchObject({ text: 'hello' });

    await t.advance(2 * DAY);
    expect(await t.store.getInbound('events', 'evt_old')).toBeUndefined();
    expect(await t.store.getKv('translation', 'cus_1:abc')).toBeUndefined();
    if (kind === 'postgres') expect(await sentRowsBefore(dayOne)).toBe(0);

    if (kind !== 'memory') {
      // Pruned durably: a restart does not bring them back.
      await t.stop();
      t = await start(t.clock.now().toISOString());
      expect(await t.store.getInbound('events', 'evt_old')).toBeUndefined();
    }
  });
});

describe('retention across PostgreSQL replicas', () => {
  it('prunes once per hour however many replicas ask, and a pending event is never pruned', async () => {
    pgTarget ??= await postgresTarget();
    const schema = pgTarget.freshSchema();
    const [a, b] = await Promise.all([pgTarget.open(schema), pgTarget.open(schema)]);
    if (!a || !b) throw new Error('no stores');
    try {
      const old = '2026-10-01T00:00:00.000Z';
      const event = (id: string, status: 'processed' | 'pending') => ({
        value: { source: 'events', id, type: 'purchase.completed', receivedAt: old, status, attempts: 0 },
      });
      expect(
        (await a.commit({ inbound: [event('done', 'processed'), event('waiting', 'pending')] })).ok,
      ).toBe(true);
      const now = new Date('2026-11-23T15:00:00Z');
      const before = new Date(now.getTime() - 30 * DAY);
      const once = (at: Date) => ({ now: at, everyMs: HOUR });

      const first = await Promise.all([a.prune(before, once(now)), b.prune(before, once(now))]);
      // Exactly one replica ran it, and it removed the finished event only.
      expect(first.filter((r) => r !== undefined)).toEqual([{ deliveries: 0, inbound: 1 }]);
      expect(await a.getInbound('events', 'done')).toBeUndefined();
      expect(await a.getInbound('events', 'waiting')).toMatchObject({ status: 'pending' });

      // Within the hour nobody runs it again; an hour later one replica does.
      const later = new Date(now.getTime() + 30 * 60_000);
      expect(await Promise.all([a.prune(before, once(later)), b.prune(before, once(later))])).toEqual([
        undefined,
        undefined,
      ]);
      const next = new Date(now.getTime() + HOUR);
      const again = await Promise.all([b.prune(before, once(next)), a.prune(before, once(next))]);
      expect(again.filter((r) => r !== undefined)).toEqual([{ deliveries: 0, inbound: 0 }]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
