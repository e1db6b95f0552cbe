import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { migrateData } from '../../../adapters/store/postgres/migrate-data.js';
import { openPostgresStore } from '../../../adapters/store/postgres/postgres-store.js';
import {
  aCardRef,
  aCustomer,
  aDelivery,
  aFollowUp,
  aHandoff,
  anAudit,
  anInbound,
  aTouchpoint,
  bump,
} from './builders.js';
import { startPatch } from './contract/journey-kv.js';
import { serverAnswers, URL } from './postgres-replicas.js';

/** `baton migrate-data` needs a real server (it connects by URL); without one it is skipped, or fails under BATON_REQUIRE_POSTGRES=1. */
const server = await serverAnswers();
const schemas: string[] = [];
const freshSchema = (): string => {
  const name = `baton_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  schemas.push(name);
  return name;
};
const target = { open: (schema: string) => openPostgresStore({ url: URL, schema, poolSize: 2 }) };

afterAll(async () => {
  if (!server) return;
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.end();
});

describe.runIf(server)('baton migrate-data', () => {
  it('moves a data file deployment to PostgreSQL, verified by counts, and can run again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-migrate-data-'));
    const file = join(dir, 'baton.json');
    const customer = aCustomer();
    const open = aHandoff(customer.id);
    const closing = aHandoff(customer.id, { createdAt: '2026-11-22T10:00:00.000Z' });
    const done = bump(closing, { state: 'done', closedAt: '2026-11-24T10:00:00.000Z' });
    const pending = aDelivery();
    const delivered = aDelivery();
    const inbound = anInbound();
    const followUp = aFollowUp(customer.id, open.id);
    const card = aCardRef(open.id);
    const journey = startPatch({ customerId: customer.id });
    const audit = anAudit(customer.id, { at: '2026-11-23T11:00:00.000Z' });
    const files = await openLowdbStore({ file });
    await files.commit({
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [open, closing].map((value) => ({ value, expectedVersion: null })),
      followUps: [followUp],
      deliveries: [pending, delivered],
      cardRefs: [card],
      touchpoints: [aTouchpoint(customer.id)],
      audit: [audit],
      inbound: [{ value: inbound }],
      kv: [{ ns: 'rr', key: 'delivery', value: 2 }],
      kvInsert: [{ ns: 'links', key: 'token', value: { person: 'dana' } }],
      journey: [journey],
    });
    await files.commit({
      journey: [
        { handoffId: journey.handoffId, set: { ...journey.set, state: 'accepted' }, add: { reassigns: 1 } },
      ],
      handoffs: [{ value: done, expectedVersion: 1 }],
      deliveries: [{ ...delivered, status: 'sent', sentAt: '2026-11-23T10:00:01.000Z' }],
    });
    const history = await files.history(customer.id);
    const facts = await files.journeyFacts({});
    expect(facts).toMatchObject([{ handoffId: journey.handoffId, state: 'accepted', reassigns: 1 }]);
    await files.close();

    const schema = freshSchema();
    const lines: string[] = [];
    const report = await migrateData({ from: file, to: URL, schema, log: (l) => lines.push(l) });
    expect(report.ok, lines.join('\n')).toBe(true);
    expect(report.counts.history).toEqual({ source: 3, target: 3 });
    expect(report.counts.journeyFacts).toEqual({ source: 1, target: 1 });
    expect(report.counts.kv).toEqual({ source: 2, target: 2 });
    const store = await target.open(schema);
    expect(await store.getCustomer(customer.id)).toEqual(customer);
    expect(await store.listHandoffs({ customerId: customer.id })).toEqual([open]);
    expect(await store.getHandoff(closing.id)).toEqual(done);
    expect(await store.commit({ handoffs: [{ value: bump(done), expectedVersion: 2 }] })).toMatchObject({
      ok: false,
    });
    expect(await store.listFollowUps({ handoffId: open.id })).toEqual([followUp]);
    expect(await store.getDelivery(pending.id)).toEqual(pending);
    expect(await store.listCardRefs(open.id)).toEqual([card]);
    expect(await store.getInbound(inbound.source, inbound.id)).toEqual(inbound);
    expect(await store.getKv('rr', 'delivery')).toBe(2);
    expect(await store.journeyFacts({})).toEqual(facts);
    expect((await store.scanAudit({ limit: 5 })).entries).toEqual([audit]);
    // The moved one-time key is redeemed once, in PostgreSQL.
    expect(await store.commit({ kvTake: [{ ns: 'links', key: 'token' }] })).toEqual({ ok: true });
    expect(await store.commit({ kvTake: [{ ns: 'links', key: 'token' }] })).toMatchObject({
      ok: false,
      entity: 'kv',
    });
    expect(await store.history(customer.id)).toEqual(history);
    // A message sent before the move is not sent again after it.
    const again = aDelivery({ key: delivered.key });
    await store.commit({ deliveries: [again] });
    expect(await store.getDelivery(again.id)).toBeUndefined();

    const rerun = await migrateData({ from: file, to: URL, schema, log: () => {} });
    expect(rerun.ok).toBe(true);
    expect(await store.history(customer.id)).toEqual(history);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
