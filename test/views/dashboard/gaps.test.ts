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
});
