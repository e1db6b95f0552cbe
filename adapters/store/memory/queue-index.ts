import type { FollowUp, Handoff } from '../../../src/domain/types.js';
import {
  isClaimable,
  personalRole,
  type QueuePage,
  type QueueQuery,
  type QueueRole,
  queueKey,
} from '../../../src/store/queue.js';
import type { HandoffFilter } from '../../../src/store/store.js';
import { Ordered } from './ordered.js';
import { QueueLines } from './queue-lines.js';

interface Entry {
  id: string;
  role: QueueRole;
}

/**
 * Queues (`Store.queuePage`) in their order: a person's own handoffs (owned,
 * asked to accept, sent and waiting) and each team's claimable ones, so a
 * page is the first entries of two ordered lists. Built for a person or team
 * the first time it is asked for (from the handoff indexes, so nothing is
 * spent at start) and kept up to date as handoffs change from then on.
 */
export class QueueIndex {
  private readonly personal = new Map<string, Ordered<Entry>>();
  private readonly claimable = new Map<string, Ordered<Entry>>();
  /** Per team, claimable handoffs that have an owner: also in that owner's own list. */
  private readonly owned = new Map<string, Map<string, number>>();

  private readonly lines: QueueLines;

  /** The store's indexed reads, to build a queue the first time it is asked for. */
  constructor(
    private readonly list: (filter: HandoffFilter) => Handoff[],
    private readonly get: (id: string) => Handoff | undefined,
    followUpsOf: (person: string) => Iterable<FollowUp>,
  ) {
    this.lines = new QueueLines(followUpsOf, get);
  }

  /** A pending follow-up stored (1) or taken out (-1). */
  followUp(f: FollowUp, by: 1 | -1): void {
    this.lines.followUp(f, by);
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
      const role = list && personalRole(h, person);
      if (!list || !role) continue;
      const key = queueKey(h, role);
      if (by > 0) list.insert(key, { id: h.id, role });
      else list.remove(key);
    }
    const team = this.claimable.get(h.to);
    if (team && isClaimable(h)) {
      const key = queueKey(h, 'claimable');
      if (by > 0) team.insert(key, { id: h.id, role: 'claimable' });
      else team.remove(key);
      if (h.owner !== undefined) bump(this.owned, h.to, h.owner, by);
    }
    this.lines.handoffChanged(h);
  }

  page(q: QueueQuery): QueuePage {
    const get = this.get;
    const own = this.personalOf(q.person).list;
    const team = q.team === undefined ? [] : this.claimableOfTeam(q.team).list;
    const items: QueuePage['items'] = [];
    let i = 0;
    let j = 0;
    while (items.length < q.limit && (i < own.length || j < team.length)) {
      const a = own[i];
      const b = team[j];
      const fromOwn = a !== undefined && (b === undefined || a.key < b.key);
      const next = fromOwn ? a?.value : b?.value;
      if (fromOwn) i++;
      else j++;
      const h = next && get(next.id);
      // An owned handoff that is also claimable is in the queue once, as owned.
      if (!h || (next.role === 'claimable' && h.owner === q.person)) continue;
      items.push({ handoff: h, role: next.role });
    }
    const twice = q.team === undefined ? 0 : (this.owned.get(q.team)?.get(q.person) ?? 0);
    const { lines, total } = this.lines.page(q.person, q.team, q.limit);
    return { items, total: own.length + team.length - twice, followUps: lines, followUpLines: total };
  }

  private personalOf(person: string): Ordered<Entry> {
    let list = this.personal.get(person);
    if (!list) {
      const entries: Array<{ key: string; value: Entry }> = [];
      const own = [
        ...this.list({ owner: person }),
        ...this.list({ assignee: person, states: ['open'] }),
        ...this.list({ sender: person, states: ['proposed', 'declined'] }),
      ];
      for (const h of new Map(own.map((h) => [h.id, h])).values()) {
        const role = personalRole(h, person);
        if (role) entries.push({ key: queueKey(h, role), value: { id: h.id, role } });
      }
      list = Ordered.of(entries);
      this.personal.set(person, list);
    }
    return list;
  }

  private claimableOfTeam(team: string): Ordered<Entry> {
    let list = this.claimable.get(team);
    if (!list) {
      const entries: Array<{ key: string; value: Entry }> = [];
      for (const h of this.list({ to: team, states: ['open'], unassigned: true })) {
        entries.push({ key: queueKey(h, 'claimable'), value: { id: h.id, role: 'claimable' } });
        if (h.owner !== undefined) bump(this.owned, team, h.owner, 1);
      }
      list = Ordered.of(entries);
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
