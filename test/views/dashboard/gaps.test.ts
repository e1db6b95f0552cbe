import { beforeAll, describe, expect, it } from 'vitest';
import { gapsModel } from '../../../src/views/dashboard/gaps.js';
import type { DashboardViewer } from '../../../src/views/dashboard/period.js';
import { aCustomer, seedCustomers } from '../../support/seed.js';
import { GAP_CUSTOMERS, HOSTILE, NOW } from './scenario.js';
import { DAY, HOUR, lead, member, type World, world } from './world.js';

let w: World;
beforeAll(async () => {
  w = await world(NOW);
  await seedCustomers(w.store, ...GAP_CUSTOMERS.map((c) => aCustomer(c.id, c.name, c.team, { ...c.extra })));
});

const gaps = (viewer: DashboardViewer, query = '') =>
  gapsModel({ services: w.services, viewer, query: new URLSearchParams(query), now: new Date(NOW) });

describe('the gaps view model', () => {
  it('lists the customers past their contact SLA now, worst first, with owner, lead and days silent', async () => {
    const m = await gaps(lead());
    expect(m.rows).toEqual([
      {
        customerId: 'g2',
        customerName: 'Beta Ltd',
        team: 'care',
        teamName: 'Customer Care',
        lead: 'jiwoo',
        leadName: 'Ji-woo Park',
        contactDueAt: '2026-12-01T15:00:00.000Z',
        overdueMs: 2 * DAY,
        daysSilent: 4,
        neverContacted: true,
      },
      {
        customerId: 'g1',
        customerName: HOSTILE,
        team: 'delivery',
        teamName: 'Delivery',
        owner: 'tom',
        ownerName: 'Tom Becker',
        lead: 'priya',
        leadName: 'Priya Shah',
        contactDueAt: '2026-12-03T12:00:00.000Z',
        overdueMs: 3 * HOUR,
        lastContactAt: '2026-11-28T15:00:00.000Z',
        daysSilent: 5,
        neverContacted: false,
      },
      {
        customerId: 'g4',
        customerName: 'Delta Co',
        team: 'sales',
        teamName: 'Sales',
        owner: 'sam',
        ownerName: 'Sam Okafor',
        lead: 'dana',
        leadName: 'Dana Reyes',
        contactDueAt: '2026-12-03T14:00:00.000Z',
        overdueMs: 1 * HOUR,
        lastContactAt: '2026-12-01T15:00:00.000Z',
        daysSilent: 2,
        neverContacted: false,
      },
    ]);
  });

  it("limits a member to their own teams' customers", async () => {
    expect((await gaps(member('tom', 'delivery'))).rows.map((r) => r.customerId)).toEqual(['g1']);
    expect((await gaps(member('minho', 'care'))).rows.map((r) => r.customerId)).toEqual(['g2']);
    // A member asking for another team's gaps gets none of them.
    expect((await gaps(member('minho', 'care'), 'team=delivery')).rows).toEqual([]);
  });

  it('filters by team', async () => {
    const m = await gaps(lead(), 'team=delivery');
    expect(m.team).toBe('delivery');
    expect(m.rows.map((r) => r.customerId)).toEqual(['g1']);
  });

  it('answers 50 a page, worst first across pages, and counts them all', async () => {
    const many = await world(NOW);
    // 61 delivery customers, customer k overdue by k hours: the worst is k = 61.
    await seedCustomers(
      many.store,
      ...Array.from({ length: 61 }, (_, i) =>
        aCustomer(`m${i + 1}`, `Many ${i + 1}`, 'delivery', {
          postPurchase: true,
          contactDueAt: new Date(Date.parse(NOW) - (i + 1) * HOUR).toISOString(),
        }),
      ),
    );
    const page = (q: string) =>
      gapsModel({
        services: many.services,
        viewer: lead(),
        query: new URLSearchParams(q),
        now: new Date(NOW),
      });
    const first = await page('');
    expect([first.total, first.page, first.pages, first.rows.length]).toEqual([61, 1, 2, 50]);
    expect(first.rows[0]?.customerId).toBe('m61');
    expect(first.rows[49]?.customerId).toBe('m12');
    const second = await page('page=2');
    expect(second.rows.map((r) => r.customerId)).toEqual(Array.from({ length: 11 }, (_, i) => `m${11 - i}`));
    // A page past the last shows the last; a malformed one the first.
    expect((await page('page=9')).page).toBe(2);
    expect((await page('page=x')).page).toBe(1);
  });

  it('orders customers owed for equally long by name in code-unit order, the same on every store', async () => {
    const ties = await world(NOW);
    const dueAt = new Date(Date.parse(NOW) - 5 * HOUR).toISOString();
    // A locale would say "beta", "Ärger", "Zeta"; code units put capitals first and "Ä" last.
    await seedCustomers(
      ties.store,
      ...['beta', 'Ärger', 'Zeta'].map((name, i) =>
        aCustomer(`tie${i}`, name, 'care', { postPurchase: true, contactDueAt: dueAt }),
      ),
    );
    const m = await gapsModel({
      services: ties.services,
      viewer: member('minho', 'care'),
      query: new URLSearchParams(),
      now: new Date(NOW),
    });
    expect(m.rows.map((r) => r.customerName)).toEqual(['Zeta', 'beta', 'Ärger']);
    expect(m.total).toBe(3);
  });
});
