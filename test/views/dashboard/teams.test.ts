import { beforeAll, describe, expect, it } from 'vitest';
import type { DashboardViewer } from '../../../src/views/dashboard/period.js';
import { teamsModel } from '../../../src/views/dashboard/teams.js';
import { CURRENT, NOW, OLDER, PREVIOUS } from './scenario.js';
import { commitFacts, HOUR, lead, member, type World, world } from './world.js';

let w: World;
beforeAll(async () => {
  w = await world(NOW);
  await commitFacts(w.store, [...CURRENT, ...PREVIOUS, ...OLDER]);
});

const teams = (viewer: DashboardViewer, query = '') =>
  teamsModel({ services: w.services, viewer, query: new URLSearchParams(query), now: new Date(NOW) });

describe('the teams view model', () => {
  it('has one row per receiving team and playbook, in journey order, with every figure', async () => {
    const m = await teams(lead());
    expect(m.rows.map((r) => [r.teamName, r.playbook, r.fromName])).toEqual([
      ['Sales', 'marketing-to-sales', 'Marketing'],
      ['Delivery', 'sales-to-delivery', 'Sales'],
      ['Customer Care', 'delivery-to-care', 'Delivery'],
    ]);
    const delivery = m.rows[1];
    // A B C E: A in time, B late, C open past its deadlines, E cancelled.
    expect(delivery?.figures).toMatchObject({
      started: 4,
      accepted: 2,
      acceptedWithinSla: 1,
      acceptSlaRate: 1 / 3,
      acceptMedianMs: 2 * HOUR,
      acceptP90Ms: 10 * HOUR,
      contacted: 2,
      contactSlaRate: 1 / 3,
      contactMedianMs: 4 * HOUR,
      contactP90Ms: 20 * HOUR,
      purchaseToContactMedianMs: 30 * HOUR,
      purchaseToContactP90Ms: 50 * HOUR,
      declines: 1,
      reassigns: 1,
      escalations: 3,
      missedContactSla: 2,
      pastContactSlaNow: 1,
      waiting: 1,
    });
    // Delivery works 09:00–17:30: its business day is 8.5 hours.
    expect(delivery?.businessDayMs).toBe(8.5 * HOUR);
    expect(m.rows[2]?.figures).toMatchObject({
      started: 1,
      acceptSlaRate: 1,
      acceptMedianMs: 1 * HOUR,
      contactSlaRate: null,
      waiting: 1,
      declines: 2,
    });
    expect(m.total).toMatchObject({
      started: 6,
      declines: 3,
      escalations: 3,
      waiting: 2,
      missedContactSla: 2,
    });
  });

  it('follows the period and the filters', async () => {
    expect((await teams(lead(), 'weeks=12')).total.started).toBe(9);
    const hubspot = await teams(lead(), 'source=hubspot');
    expect(hubspot.rows.map((r) => [r.team, r.figures.started])).toEqual([['delivery', 2]]);
  });

  it("shows a member the rows their team sent or received, not other teams' handoffs", async () => {
    const m = await teams(member('sam', 'sales'));
    expect(m.rows.map((r) => r.team)).toEqual(['sales', 'delivery']);
    expect(m.total.started).toBe(5);
  });
});
