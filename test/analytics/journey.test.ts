import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarize } from '../../src/analytics/figures.js';
import { startWebhookBaton, type WebhookBaton } from '../adapters/webhooks/support.js';
import { tempDir } from '../support/harness.js';
import { comparable, HOUR, script } from './week-script.js';

const NOW = new Date('2026-11-25T15:00:00Z');

/**
 * The figures, counted by hand from the script (week-script.ts) (business hours of
 * Delivery: 09:00–17:30 UTC weekdays).
 * - accept: H1 Mon 10:00 → Mon 13:00 = 3 h; H2 Mon 11:00 → Tue 09:30 = 6.5 h + 0.5 h = 7 h.
 *   Sorted [3 h, 7 h]: nearest-rank median is the 1st (3 h), p90 the 2nd (7 h).
 *   Within SLA: H1 only; known outcomes: H1, H2, and H3 whose deadline (Tue 09:30) passed: 1 of 3.
 * - first contact: H1 Mon 10:00 → Tue 11:00 = 7.5 h + 2 h = 9.5 h;
 *   H2 Mon 11:00 → Wed 10:00 = 6.5 h + 8.5 h + 1 h = 16 h. Median 9.5 h, p90 16 h.
 *   Both in time; H3 is past its Wed 14:00 deadline at Wed 15:00: 2 of 3, one missed, one waiting.
 * - purchase → contact (wall clock): Acme bought Mon 10:00, contacted Tue 11:00 = 25 h;
 *   Bolt bought Fri 12:00, contacted Wed 10:00 = 4 days 22 h = 118 h. Median 25 h, p90 118 h.
 * - one decline (its reason), one reassign, two escalations: H3's accept window climbs the
 *   ladder, to the lead at 150% (6 h: Tue 11:30) and to the head of CX at 300% (12 h: Mon
 *   14:00 → 17:30 = 3.5 h, Tue 09:00 + 8.5 h = Tue 17:30).
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
  escalations: 2,
  missedContactSla: 1,
  pastContactSlaNow: 1,
  waiting: 1,
  // No playbook here asks the customer (pulse): nobody answered.
  pulseAnswered: 0,
  pulseConfirmed: 0,
  pulseRate: null,
};

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
    startWebhookBaton({
      now: '2026-11-23T09:59:00Z',
      // The script's hand-counted times start each handoff at the tick after its event.
      processOnAccept: false,
      ...(store ? { store } : {}),
    });

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

  // The file store keeps the rollup across a restart: replayed from the journal and kept in the snapshot.
  it('keeps the same facts in the file store across a restart', async () => {
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
