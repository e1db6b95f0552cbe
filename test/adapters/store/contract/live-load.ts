import { expect, it } from 'vitest';
import { aCustomer, aHandoff, bump, uid } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/** The load least-loaded assignment weighs: live handoffs to a team per holder. */
export function liveLoadContract(store: GetStore): void {
  it('counts live handoffs to a team per owner, else assignee, and follows every change', async () => {
    const team = uid('team');
    const other = uid('team');
    const customer = aCustomer();
    const open = aHandoff(customer.id, { to: team, state: 'open', assignee: 'omar' });
    const accepted = aHandoff(customer.id, { to: team, state: 'accepted', assignee: 'omar', owner: 'priya' });
    const proposed = aHandoff(customer.id, { to: team, state: 'proposed', assignee: 'omar' });
    const declined = aHandoff(customer.id, { to: team, state: 'declined', assignee: 'omar' });
    const elsewhere = aHandoff(customer.id, { to: other, state: 'open', assignee: 'omar' });
    const unassigned = aHandoff(customer.id, { to: team, state: 'open', assignee: undefined });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [open, accepted, proposed, declined, elsewhere, unassigned].map((value) => ({
        value,
        expectedVersion: null,
      })),
    });
    const load = async (t = team) => Object.fromEntries(await store().liveLoad(t, ['omar', 'priya', 'tom']));
    expect(await load()).toEqual({ omar: 1, priya: 1, tom: 0 });
    expect(await load(other)).toEqual({ omar: 1, priya: 0, tom: 0 });
    expect(await store().liveLoad(team, [])).toEqual(new Map());

    // Accepted by tom: the handoff now weighs on its owner, not on who was asked.
    const taken = bump(open, { state: 'accepted', owner: 'tom' });
    await commitOk(store(), { handoffs: [{ value: taken, expectedVersion: 1 }] });
    expect(await load()).toEqual({ omar: 0, priya: 1, tom: 1 });

    // Done leaves the live set; a proposal confirmed joins it.
    const done = bump(accepted, { state: 'done', closedAt: bump(accepted).updatedAt });
    const confirmed = bump(proposed, { state: 'open' });
    await commitOk(store(), {
      handoffs: [
        { value: done, expectedVersion: 1 },
        { value: confirmed, expectedVersion: 1 },
      ],
    });
    expect(await load()).toEqual({ omar: 1, priya: 0, tom: 1 });
  });
}
