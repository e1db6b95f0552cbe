import { beforeAll, describe, expect, it } from 'vitest';
import { type OverviewModel, overviewModel } from '../../../src/views/dashboard/overview.js';
import type { DashboardViewer } from '../../../src/views/dashboard/period.js';
import { CURRENT, NOW, OLDER, PREVIOUS } from './scenario.js';
import { commitFacts, HOUR, lead, member, type World, world } from './world.js';

let w: World;
beforeAll(async () => {
  w = await world(NOW);
  await commitFacts(w.store, [...CURRENT, ...PREVIOUS, ...OLDER]);
});

const overview = (viewer: DashboardViewer, query = '') =>
  overviewModel({ services: w.services, viewer, query: new URLSearchParams(query), now: new Date(NOW) });

const headline = (m: OverviewModel, key: string) => {
  const h = m.headlines.find((x) => x.key === key);
  if (!h) throw new Error(`no headline ${key}`);
  return h;
};

describe('the overview view model', () => {
  it('defaults to the 4 weeks ending with the current week, compared with the 4 before', async () => {
    const m = await overview(lead());
    expect(m.period.weekKeys).toEqual(['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(m.period.previousWeekKeys).toEqual(['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02']);
    expect(m.period.lastDay).toBe('2026-12-06');
  });

  it('gives the headline figures worked out by hand, each against the previous period', async () => {
    const m = await overview(lead());
    // A B C D E F started; P1 P2 before.
    expect(headline(m, 'started')).toMatchObject({ value: 6, previous: 2, direction: 'up', verdict: null });
    // Accepted in time: A D F; known: those plus B (late) and C (open, past due). E was cancelled.
    expect(headline(m, 'acceptSlaRate')).toMatchObject({
      value: 3 / 5,
      previous: 1,
      direction: 'down',
      verdict: 'worse',
    });
    // 0.5 h, 1 h, 2 h, 10 h: nearest-rank median is the 2nd.
    expect(headline(m, 'acceptMedianMs')).toMatchObject({
      value: 1 * HOUR,
      previous: 3 * HOUR,
      verdict: 'better',
    });
    // 1 h, 4 h, 20 h → 4 h; before 6 h and 8 h → 6 h.
    expect(headline(m, 'contactMedianMs')).toMatchObject({
      value: 4 * HOUR,
      previous: 6 * HOUR,
      verdict: 'better',
    });
    // 30 h and 50 h → 30 h; before only P1: 20 h.
    expect(headline(m, 'purchaseToContactMedianMs')).toMatchObject({
      value: 30 * HOUR,
      previous: 20 * HOUR,
      direction: 'up',
      verdict: 'worse',
    });
    expect(headline(m, 'pastContactSlaNow')).toMatchObject({ value: 1, previous: 0, verdict: 'worse' });
    expect(headline(m, 'declines')).toMatchObject({ value: 3, previous: 0 });
    expect(headline(m, 'escalations')).toMatchObject({ value: 3, previous: 0 });
  });

  it('draws the trend week by week, empty weeks included', async () => {
    const m = await overview(lead());
    expect(m.trend).toEqual([
      {
        week: '2026-11-09',
        started: 1,
        acceptSlaRate: 1,
        contactSlaRate: 1,
        contactMedianMs: 4 * HOUR,
        missedContactSla: 0,
      },
      // Contacted after its deadline: a missed contact SLA.
      {
        week: '2026-11-16',
        started: 1,
        acceptSlaRate: 0,
        contactSlaRate: 0,
        contactMedianMs: 20 * HOUR,
        missedContactSla: 1,
      },
      // E (cancelled: neither deadline counts) and F (both in time).
      {
        week: '2026-11-23',
        started: 2,
        acceptSlaRate: 1,
        contactSlaRate: 1,
        contactMedianMs: 1 * HOUR,
        missedContactSla: 0,
      },
      // C missed both, D accepted in time and its contact is not due yet.
      {
        week: '2026-11-30',
        started: 2,
        acceptSlaRate: 0.5,
        contactSlaRate: 0,
        contactMedianMs: null,
        missedContactSla: 1,
      },
    ]);
  });

  it('gives the SLA hit rate by receiving team in journey order, and the top decline reasons', async () => {
    const m = await overview(lead());
    expect(m.byTeam).toEqual([
      { team: 'sales', teamName: 'Sales', started: 1, acceptSlaRate: 1, contactSlaRate: 1 },
      { team: 'delivery', teamName: 'Delivery', started: 4, acceptSlaRate: 1 / 3, contactSlaRate: 1 / 3 },
      { team: 'care', teamName: 'Customer Care', started: 1, acceptSlaRate: 1, contactSlaRate: null },
    ]);
    expect(m.declineReasons).toEqual([
      { reason: 'Wrong team', count: 2 },
      { reason: 'Busy', count: 1 },
    ]);
  });

  it('filters by receiving team, source, language and playbook from the query string', async () => {
    const started = async (q: string) => headline(await overview(lead(), q), 'started').value;
    expect(await started('team=delivery')).toBe(4);
    expect(await started('source=hubspot')).toBe(2);
    expect(await started('language=en')).toBe(3);
    expect(await started('playbook=marketing-to-sales')).toBe(1);
    expect(await started('team=delivery&language=ko')).toBe(2);
    const m = await overview(lead(), 'source=hubspot');
    // P1 is the previous period's only HubSpot handoff.
    expect(headline(m, 'started').previous).toBe(1);
    expect(m.filters.source).toBe('hubspot');
    // The selects still offer every value of the period, not only the filtered ones.
    expect(m.options.sources.map((s) => s.value)).toEqual(['hubspot', 'person', 'phrase']);
    expect(m.options.languages).toEqual(['en', 'ko', 'und']);
  });

  it('reads longer periods, and falls back to 4 weeks on a period it does not offer', async () => {
    const twelve = await overview(lead(), 'weeks=12');
    expect(twelve.period.weekKeys).toHaveLength(12);
    expect(twelve.period.weekKeys[0]).toBe('2026-09-14');
    // Everything committed: the 6 current, the 2 previous and the older one.
    expect(headline(twelve, 'started')).toMatchObject({ value: 9, previous: 0 });
    const odd = await overview(lead(), 'weeks=5&team=');
    expect(odd.filters.weeks).toBe(4);
    expect(odd.filters.team).toBeUndefined();
  });

  it("shows a member only their own teams' handoffs, sent or received", async () => {
    // Sales sent A B C E and received F; D went from Delivery to Care.
    const sales = await overview(member('sam', 'sales'));
    expect(headline(sales, 'started')).toMatchObject({ value: 5, previous: 2 });
    expect(sales.byTeam.map((r) => r.team)).toEqual(['sales', 'delivery']);
    const care = await overview(member('minho', 'care'));
    expect(headline(care, 'started')).toMatchObject({ value: 1, previous: 0 });
    expect(care.declineReasons).toEqual([
      { reason: 'Busy', count: 1 },
      { reason: 'Wrong team', count: 1 },
    ]);
    // Asking for another team's figures gives only what crosses the member's own team.
    const other = await overview(member('minho', 'care'), 'team=delivery');
    expect(headline(other, 'started').value).toBe(0);
  });

  it('builds the overview of 50k handoffs quickly', async () => {
    const big = await world(NOW);
    const teams = ['sales', 'delivery', 'care'] as const;
    const weeks = [
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ];
    const facts = Array.from({ length: 50_000 }, (_, i) => {
      const week = weeks[i % weeks.length] ?? '2026-11-30';
      const to = teams[i % teams.length] ?? 'delivery';
      const startedAt = `${week}T14:00:00.000Z`;
      const accepted = i % 4 !== 0;
      return {
        handoffId: `h${i}`,
        week,
        from: 'sales',
        to,
        source: i % 2 ? 'hubspot' : 'person',
        language: i % 3 ? 'en' : 'ko',
        startedAt,
        acceptDueAt: `${week}T18:00:00.000Z`,
        ...(accepted ? { acceptedAt: `${week}T16:00:00.000Z`, acceptBusinessMs: (i % 7) * HOUR } : {}),
        contactDueAt: `${week}T22:00:00.000Z`,
        ...(i % 3 ? { contactedAt: `${week}T20:00:00.000Z`, contactBusinessMs: (i % 11) * HOUR } : {}),
        declineReasons: i % 50 === 0 ? ['Busy'] : [],
      };
    });
    for (let i = 0; i < facts.length; i += 5_000) await commitFacts(big.store, facts.slice(i, i + 5_000));
    const viewer = lead();
    await overviewModel({ services: big.services, viewer, query: new URLSearchParams(), now: new Date(NOW) });
    const t0 = performance.now();
    const m = await overviewModel({
      services: big.services,
      viewer,
      query: new URLSearchParams(),
      now: new Date(NOW),
    });
    const ms = performance.now() - t0;
    console.log(`overview of 50,000 handoffs built in ${ms.toFixed(1)} ms`);
    expect(headline(m, 'started').value! + (headline(m, 'started').previous ?? 0)).toBe(50_000);
  });
});
