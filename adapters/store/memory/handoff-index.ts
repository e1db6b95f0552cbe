import type { Handoff, HandoffState } from '../../../src/domain/types.js';
import type { HandoffFilter } from '../../../src/store/store.js';
import { type IdSet, MultiIndex } from './multi-index.js';

const teamState = (team: string, state: string) => `${team}\u0000${state}`;

/** "Open and no one asked to accept it": what a team member may claim. */
const claimable = (h: Handoff) => h.state === 'open' && h.assignee === undefined;

/**
 * The indexes behind every handoff query the services make, so that a query
 * costs what its answer holds, not what the store holds: by customer, by
 * owner, assignee and sender (each its own set: "mine" must not walk the
 * handoffs someone merely sent), by team and state, by state alone, and the
 * claimable handoffs of a team as a set of their own.
 */
export class HandoffIndex {
  private readonly byCustomer = new MultiIndex();
  private readonly byOwner = new MultiIndex();
  private readonly byAssignee = new MultiIndex();
  private readonly bySender = new MultiIndex();
  private readonly byTeam = new MultiIndex();
  private readonly byTeamState = new MultiIndex();
  private readonly byState = new MultiIndex();
  private readonly claimableByTeam = new MultiIndex();

  add(h: Handoff): void {
    this.byCustomer.add(h.customerId, h.id);
    this.byOwner.add(h.owner, h.id);
    this.byAssignee.add(h.assignee, h.id);
    this.bySender.add(h.sender, h.id);
    this.byTeam.add(h.to, h.id);
    this.byTeamState.add(teamState(h.to, h.state), h.id);
    this.byState.add(h.state, h.id);
    if (claimable(h)) this.claimableByTeam.add(h.to, h.id);
  }

  remove(h: Handoff): void {
    this.byCustomer.remove(h.customerId, h.id);
    this.byOwner.remove(h.owner, h.id);
    this.byAssignee.remove(h.assignee, h.id);
    this.bySender.remove(h.sender, h.id);
    this.byTeam.remove(h.to, h.id);
    this.byTeamState.remove(teamState(h.to, h.state), h.id);
    this.byState.remove(h.state, h.id);
    if (claimable(h)) this.claimableByTeam.remove(h.to, h.id);
  }

  /** How many handoffs are in this state now. */
  countInState(state: HandoffState): number {
    return this.byState.get(state).size;
  }

  /**
   * The smallest id sets that together hold every match of the filter, or
   * undefined when no index narrows it (the caller walks everything). The
   * caller still applies the whole filter to each candidate.
   */
  candidates(filter: HandoffFilter): Array<IdSet> | undefined {
    const options: Array<Array<IdSet>> = [];
    if (filter.customerId !== undefined) options.push([this.byCustomer.get(filter.customerId)]);
    if (filter.owner !== undefined) options.push([this.byOwner.get(filter.owner)]);
    if (filter.assignee !== undefined) options.push([this.byAssignee.get(filter.assignee)]);
    if (filter.sender !== undefined) options.push([this.bySender.get(filter.sender)]);
    const { to, states } = filter;
    // The claimable set holds open ones only: it answers a filter that asks for no other state.
    if (to !== undefined && filter.unassigned === true && states?.every((s) => s === 'open'))
      options.push([this.claimableByTeam.get(to)]);
    if (to !== undefined && states !== undefined)
      options.push([...new Set(states)].map((s) => this.byTeamState.get(teamState(to, s))));
    else if (to !== undefined) options.push([this.byTeam.get(to)]);
    else if (states !== undefined) options.push([...new Set(states)].map((s) => this.byState.get(s)));
    let best: Array<IdSet> | undefined;
    let bestSize = Number.POSITIVE_INFINITY;
    for (const sets of options) {
      const size = sets.reduce((n, s) => n + s.size, 0);
      if (size < bestSize) {
        best = sets;
        bestSize = size;
      }
    }
    return best;
  }

  /** Drops emptied keys; see MultiIndex.sweep. */
  sweep(): void {
    for (const index of [
      this.byCustomer,
      this.byOwner,
      this.byAssignee,
      this.bySender,
      this.byTeam,
      this.byTeamState,
      this.byState,
      this.claimableByTeam,
    ])
      index.sweep();
  }
}
