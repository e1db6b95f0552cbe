import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JourneyFact } from '../../src/analytics/fact.js';
import { summarize } from '../../src/analytics/figures.js';
import type { Handoff } from '../../src/domain/types.js';
import {
  postEvent,
  purchaseEvent,
  startWebhookBaton,
  type WebhookBaton,
} from '../adapters/webhooks/support.js';
import { type TestBaton, tempDir } from '../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

/*
 * One scripted week through the real services, the signed webhook and the
 * scheduler, on a fake clock. The receiving team is Delivery: London, 09:00–
 * 17:30 Monday to Friday, and London is on UTC in November, so every business
 * duration below is counted by hand on the UTC times the script drives.
 * The sales → delivery playbook: accept within PT4H, first contact within
 * P2D (two working days, same wall-clock time), escalation at 150%.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => Date.parse(iso);

/** Moves the fake clock to `iso`, running one scheduler pass there (due reminders, webhook events, outbox). */
async function until(t: TestBaton, iso: string) {
  const ms = at(iso) - t.clock.now().getTime();
  if (ms < 0) throw new Error(`the script went back in time to ${iso}`);
  await t.advance(ms);
}

function must<T>(r: { ok: true; value: T } | { ok: false; failure: unknown }): T {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.failure)}`);
  return r.value;
}

async function handoffOf(t: TestBaton, id: string): Promise<Handoff> {
  const h = await t.store.getHandoff(id);
  if (!h) throw new Error(`no handoff ${id}`);
  return h;
}

/** The other member of delivery: whoever was not asked first. */
const other = (person: string | undefined) => (person === 'tom' ? 'priya' : 'tom');

/** Runs the week; returns the handoff ids (webhook, declined-and-reassigned, escalated). */
async function script(t: TestBaton): Promise<{ h1: string; h2: string; h3: string }> {
  const { services } = t.baton;
  // Bolt bought on Friday 2026-11-20 12:00 UTC; Cyan has no purchase yet.
  await seedCustomers(
    t.store,
    aCustomer('cus_bolt', 'Bolt', 'sales', { language: 'en-GB', purchasedAt: '2026-11-20T12:00:00.000Z' }),
    aCustomer('cus_cyan', 'Cyan', 'sales'),
  );

  // H1: the CRM says Acme (Korean) bought, Monday 10:00; the next tick opens the handoff.
  expect((await postEvent(t, purchaseEvent({ occurredAt: '2026-11-23T10:00:00Z' }))).status).toBe(202);
  await until(t, '2026-11-23T10:00:00Z');
  const acme = await t.store.findCustomerByExternalId('crm', 'crm-42');
  const h1 = (await t.store.listHandoffs({ customerId: acme?.id ?? '-' }))[0];
  if (!h1) throw new Error('the webhook opened no handoff');

  // H2: Sam hands Bolt over at 11:00; it is declined at 12:00 and sent again at 12:30.
  await until(t, '2026-11-23T11:00:00Z');
  const h2 = must(
    await services.startHandoff({
      actor: 'sam',
      customer: { id: 'cus_bolt' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    }),
  ).handoff;
  await until(t, '2026-11-23T12:00:00Z');
  must(
    await services.decline({ handoffId: h2.id, actor: h2.assignee ?? 'tom', reason: 'missing go-live date' }),
  );
  await until(t, '2026-11-23T12:30:00Z');
  must(await services.resend({ handoffId: h2.id, actor: 'sam' }));

  // H1 is accepted at 13:00: 3 business hours after 10:00, within its 4 hours.
  await until(t, '2026-11-23T13:00:00Z');
  must(await services.accept({ handoffId: h1.id, actor: (await handoffOf(t, h1.id)).assignee ?? 'tom' }));

  // H2: Priya, the lead, gives it to the other member at 13:30.
  await until(t, '2026-11-23T13:30:00Z');
  const asked = (await handoffOf(t, h2.id)).assignee;
  must(await services.reassign({ handoffId: h2.id, actor: 'priya', to: other(asked) }));

  // H3: Sam hands Cyan over at 14:00; nobody accepts it.
  await until(t, '2026-11-23T14:00:00Z');
  const h3 = must(
    await services.startHandoff({
      actor: 'sam',
      customer: { id: 'cus_cyan' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    }),
  ).handoff;

  // Tuesday. H2 is accepted at 09:30: its resend's 4 hours ran out Monday 16:30 (late).
  await until(t, '2026-11-24T09:30:00Z');
  must(await services.accept({ handoffId: h2.id, actor: other(asked) }));
  // H1's first contact at 11:00.
  await until(t, '2026-11-24T11:00:00Z');
  must(
    await services.logHandoffContact({
      handoffId: h1.id,
      actor: (await handoffOf(t, h1.id)).owner ?? 'tom',
      channel: 'call',
    }),
  );
  // H3's accept escalation is due at 150% of 4 business hours from Monday 14:00: Tuesday 11:30.
  await until(t, '2026-11-24T11:29:00Z');
  await until(t, '2026-11-24T11:31:00Z');
  await until(t, '2026-11-24T12:00:00Z');

  // Wednesday 10:00: H2's first contact, an hour before its deadline (Monday 11:00 + two working days).
  await until(t, '2026-11-25T10:00:00Z');
  must(await services.logHandoffContact({ handoffId: h2.id, actor: other(asked), channel: 'email' }));
  // Past H3's first-contact deadline (Wednesday 14:00), before its contact escalation (Thursday).
  await until(t, '2026-11-25T15:00:00Z');
  return { h1: h1.id, h2: h2.id, h3: h3.id };
}

const NOW = new Date('2026-11-25T15:00:00Z');

/**
 * The figures, counted by hand from the script above (business hours of
 * Delivery: 09:00–17:30 UTC weekdays).
 * - accept: H1 Mon 10:00 → Mon 13:00 = 3 h; H2 Mon 11:00 → Tue 09:30 = 6.5 h + 0.5 h = 7 h.
 *   Sorted [3 h, 7 h]: nearest-rank median is the 1st (3 h), p90 the 2nd (7 h).
 *   Within SLA: H1 only; known outcomes: H1, H2, and H3 whose deadline (Tue 09:30) passed: 1 of 3.
 * - first contact: H1 Mon 10:00 → Tue 11:00 = 7.5 h + 2 h = 9.5 h;
 *   H2 Mon 11:00 → Wed 10:00 = 6.5 h + 8.5 h + 1 h = 16 h. Median 9.5 h, p90 16 h.
 *   Both in time; H3 is past its Wed 14:00 deadline at Wed 15:00: 2 of 3, one missed, one waiting.
 * - purchase → contact (wall clock): Acme bought Mon 10:00, contacted Tue 11:00 = 25 h;
 *   Bolt bought Fri 12:00, contacted Wed 10:00 = 4 days 22 h = 118 h. Median 25 h, p90 118 h.
 * - one decline (its reason), one reassign, one escalation (H3's accept window, to the lead).
 */
const EXPECTED = {
  started: 3,
  accepted: 2,
  acceptedWithinSla: 1,
  acceptSlaRate: 1 / 3,
  acceptMedianMs: 3 * HOUR,
  acceptP90Ms: 7 * HOUR,
  contacted: 2,
  contactedWithinSla: 2,
  contactSlaRate: 2 / 3,
  contactMedianMs: 9.5 * HOUR,
  contactP90Ms: 16 * HOUR,
  purchaseToContactMedianMs: 25 * HOUR,
  purchaseToContactP90Ms: 118 * HOUR,
  declines: 1,
  declineReasons: [{ reason: 'missing go-live date', count: 1 }],
  reassigns: 1,
  escalations: 1,
  missedContactSla: 1,
  pastContactSlaNow: 1,
  waiting: 1,
};

/** A fact without the ids a run generates, so two runs can be compared. */
function comparable(facts: JourneyFact[], ids: { h1: string; h2: string; h3: string }) {
  const name = new Map([
    [ids.h1, 'H1'],
    [ids.h2, 'H2'],
    [ids.h3, 'H3'],
  ]);
  return facts
    .map(({ handoffId, customerId: _customer, ...rest }) => ({
      handoff: name.get(handoffId) ?? handoffId,
      ...rest,
    }))
    .sort((a, b) => a.handoff.localeCompare(b.handoff));
}

describe('journey figures from a scripted week', () => {
  let t: WebhookBaton | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    await tmp?.cleanup();
    tmp = undefined;
  });

  const start = (store?: { file: string }) =>
    startWebhookBaton({ now: '2026-11-23T09:59:00Z', ...(store ? { store } : {}) });

  it('match the numbers counted by hand, per week, team and source', async () => {
    t = await start();
    const ids = await script(t);
    const facts = await t.store.journeyFacts({});
    const [all] = summarize(facts, { now: NOW });
    expect(all?.figures).toEqual(EXPECTED);

    const bySource = summarize(facts, { now: NOW, by: ['week', 'team', 'source'] });
    expect(bySource.map((r) => [r.key, r.figures.started, r.figures.acceptMedianMs])).toEqual([
      [{ week: '2026-11-23', team: 'delivery', source: 'events' }, 1, 3 * HOUR],
      [{ week: '2026-11-23', team: 'delivery', source: 'person' }, 2, 7 * HOUR],
    ]);
    const byLanguage = summarize(facts, { now: NOW, by: ['language'] });
    expect(byLanguage.map((r) => [r.key.language, r.figures.started])).toEqual([
      ['en', 1],
      ['ko', 1],
      ['und', 1],
    ]);
    expect(comparable(facts, ids).map((f) => [f.handoff, f.state, f.declineReasons])).toEqual([
      ['H1', 'contacted', []],
      ['H2', 'contacted', ['missing go-live date']],
      ['H3', 'open', []],
    ]);
  });

  it('control: the same comparison fails when a fact is off by an hour or loses its decline', async () => {
    t = await start();
    const ids = await script(t);
    const facts = await t.store.journeyFacts({});
    const tampered = facts.map((f) =>
      f.handoffId === ids.h2
        ? { ...f, acceptBusinessMs: (f.acceptBusinessMs ?? 0) + HOUR, declines: 0, declineReasons: [] }
        : f,
    );
    const [all] = summarize(tampered, { now: NOW });
    expect(() => expect(all?.figures).toEqual(EXPECTED)).toThrow();
    expect(all?.figures.acceptP90Ms).toBe(8 * HOUR);
    expect(all?.figures.declines).toBe(0);
  });

  it('records the same facts in the file store as in memory', async () => {
    t = await start();
    const memoryIds = await script(t);
    const inMemory = comparable(await t.store.journeyFacts({}), memoryIds);
    await t.stop();

    tmp = await tempDir('baton-journey-');
    t = await start({ file: path.join(tmp.dir, 'baton.json') });
    const fileIds = await script(t);
    expect(comparable(await t.store.journeyFacts({}), fileIds)).toEqual(inMemory);
  });

  // The file store keeps the rollup across a restart once its snapshot holds it (the store work of
  // issue 13, another branch): un-skip when it is merged.
  it.skip('keeps the same facts in the file store across a restart', async () => {
    t = await start();
    const memoryIds = await script(t);
    const inMemory = comparable(await t.store.journeyFacts({}), memoryIds);
    await t.stop();

    tmp = await tempDir('baton-journey-');
    const file = { file: path.join(tmp.dir, 'baton.json') };
    t = await start(file);
    const fileIds = await script(t);
    await t.stop();
    t = await start(file);
    const inFile = comparable(await t.store.journeyFacts({}), fileIds);
    expect(inFile).toHaveLength(3);
    expect(inFile).toEqual(inMemory);
  });
});
