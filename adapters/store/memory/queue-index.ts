import type { FollowUp, Handoff } from '../../../src/domain/types.js';
import {
  compareQueued,
  isClaimable,
  personalRole,
  type QueuePage,
  type QueueQuery,
  type QueueRole,
} from '../../../src/store/queue.js';
import type { HandoffFilter } from '../../../src/store/store.js';
import type { FollowUpTable } from './follow-up-table.js';
import { Ordered } from './ordered.js';
import { QueueLines } from './queue-lines.js';

/** A handoff in a person's own list has a role there (owned, asked, sent); the rest never get in. */
const roleOf = (h: Handoff, person: string): QueueRole => personalRole(h, person) ?? 'claimable';

/**
 * Queues (`Store.queuePage`) in their order: a person's own handoffs (owned,
 * asked to accept, sent and waiting) and each team's claimable ones, so a
 * page is the first entries of two ordered lists. Built for a person or team
 * the first time it is asked for (for everyone configured, at start-up:
 * `Store.warmQueues`), from the handoff indexes, and kept up to date as
 * handoffs change from then on. The lists hold the stored handoffs
 * themselves, ordered by comparing them: a key string per entry made the 40
 * queues of the bench's data 9 MB.
 */
export class QueueIndex {
  private readonly personal = new Map<string, Ordered<Handoff>>();
  private readonly claimable = new Map<string, Ordered<Handoff>>();
  /** Per team, claimable handoffs that have an owner: also in that owner's own list. */
  private readonly owned = new Map<string, Map<string, number>>();

  private readonly lines: QueueLines;

  /** The store's indexed reads, to build a queue the first time it is asked for. */
  constructor(
    private readonly list: (filter: HandoffFilter) => Handoff[],
    private readonly get: (id: string) => Handoff | undefined,
    followUps: () => FollowUpTable,
  ) {
    this.lines = new QueueLines(followUps, get);
  }

  /** A pending follow-up stored or taken out. */
  followUp(f: FollowUp): void {
    this.lines.followUp(f);
  }

  add(h: Handoff): void {
    this.change(h, 1);
  }

  remove(h: Handoff): void {
    this.change(h, -1);
  }

  private change(h: Handoff, by: 1 | -1): void {
    const people = [h.owner, h.assignee, h.sender];
    for (let i = 0; i < people.length; i++) {
      const person = people[i];
      if (person === undefined || people.indexOf(person) !== i) continue;
      const list = this.personal.get(person);
      if (!list || !personalRole(h, person)) continue;
      if (by > 0) list.insert(h);
      else list.remove(h);
    }
    const team = this.claimable.get(h.to);
    if (team && isClaimable(h)) {
      if (by > 0) team.insert(h);
      else team.remove(h);
      if (h.owner !== undefined) bump(this.owned, h.to, h.owner, by);
    }
    this.lines.handoffChanged(h);
  }

  page(q: QueueQuery): QueuePage {
    const own = this.personalOf(q.person).list;
    const team = q.team === undefined ? [] : this.claimableOfTeam(q.team).list;
    const items: QueuePage['items'] = [];
    let i = 0;
    let j = 0;
    while (items.length < q.limit && (i < own.length || j < team.length)) {
      const a = own[i];
      const b = team[j];
      const fromOwn =
        a !== undefined && (b === undefined || compareQueued(a, roleOf(a, q.person), b, 'claimable') < 0);
      const h = fromOwn ? a : b;
      if (fromOwn) i++;
      else j++;
      const current = h && this.get(h.id);
      // An owned handoff that is also claimable is in the queue once, as owned.
      if (!current || (!fromOwn && current.owner === q.person)) continue;
      items.push({ handoff: current, role: fromOwn ? roleOf(current, q.person) : 'claimable' });
    }
    const twice = q.team === undefined ? 0 : (this.owned.get(q.team)?.get(q.person) ?? 0);
    const { lines, total } = this.lines.page(q.person, q.team, q.limit);
    return { items, total: own.length + team.length - twice, followUps: lines, followUpLines: total };
  }

  private personalOf(person: string): Ordered<Handoff> {
    let list = this.personal.get(person);
    if (!list) {
      const own = new Map<string, Handoff>();
      for (const h of this.list({ owner: person })) own.set(h.id, h);
      for (const h of this.list({ assignee: person, states: ['open'] })) own.set(h.id, h);
      for (const h of this.list({ sender: person, states: ['proposed', 'declined'] })) own.set(h.id, h);
      const mine = [...own.values()].filter((h) => personalRole(h, person) !== undefined);
      list = new Ordered((a, b) => compareQueued(a, roleOf(a, person), b, roleOf(b, person)), mine);
      this.personal.set(person, list);
    }
    return list;
  }

  private claimableOfTeam(team: string): Ordered<Handoff> {
    let list = this.claimable.get(team);
    if (!list) {
      const open = this.list({ to: team, states: ['open'], unassigned: true });
      for (const h of open) if (h.owner !== undefined) bump(this.owned, team, h.owner, 1);
      list = new Ordered((a, b) => compareQueued(a, 'claimable', b, 'claimable'), open);
      this.claimable.set(team, list);
    }
    return list;
  }
}

function bump(counts: Map<string, Map<string, number>>, team: string, person: string, by: number): void {
  let of = counts.get(team);
  if (!of) {
    of = new Map();
    counts.set(team, of);
  }
  of.set(person, (of.get(person) ?? 0) + by);
}
