import type { FollowUp } from '../../../src/domain/types.js';
import type { ClaimOptions, FollowUpFilter } from '../../../src/store/store.js';
import { claimDue } from './claim.js';
import { DueQueue } from './due-queue.js';
import { byDue, matchesFollowUp } from './filters.js';
import type { IndexBacklog } from './index-backlog.js';
import { ms, recipientOf } from './keys.js';
import { leasedFollowUp } from './leases.js';
import { MultiIndex } from './multi-index.js';

/** Index entries (ids) swept per turn of the event loop: a few milliseconds. */
const SWEEP_SLICE = 5_000;

/**
 * The follow-ups part of HotState: pending follow-ups only (sent and
 * cancelled ones are already recorded in the audit history), indexed by
 * handoff, customer and person, and queued by due time for the tick's claims.
 */
export class FollowUpTable {
  private readonly followUps = new Map<string, FollowUp>();
  private readonly byHandoff = new MultiIndex();
  private readonly byCustomer = new MultiIndex();
  private readonly byPerson = new MultiIndex();
  private readonly queue = new DueQueue();
  /** Follow-ups taken out (or replaced) since the last sweep: their index entries may be stale. */
  private leftInIndexes = 0;
  private sweeping = false;

  /**
   * `changed`: told of each pending follow-up stored (1) and taken out (-1), for indexes built on
   * this one. `backlog`: the indexes by handoff, customer and person are built from there (see
   * IndexBacklog); the follow-ups by id and their due times are all in place at once, for claims.
   */
  constructor(
    followUps: readonly FollowUp[],
    private readonly changed: (f: FollowUp, by: 1 | -1) => void = () => {},
    backlog?: IndexBacklog,
  ) {
    if (!backlog) {
      for (const f of followUps) this.put(f);
      return;
    }
    for (const f of followUps) {
      if (f.status !== 'pending') continue;
      if (this.followUps.has(f.id)) this.leftInIndexes++;
      this.followUps.set(f.id, f);
      this.queue.push(f.id, ms(f.dueAt));
    }
    // Claimed meanwhile, a follow-up is stored as its leased copy: the index takes what is stored.
    backlog.add(followUps, (loaded) => {
      const f = this.followUps.get(loaded.id);
      if (f && f.dueAt === loaded.dueAt) this.index(f);
    });
  }

  get size(): number {
    return this.followUps.size;
  }

  values(): FollowUp[] {
    return [...this.followUps.values()];
  }

  get(id: string): FollowUp | undefined {
    return this.followUps.get(id);
  }

  put(f: FollowUp): void {
    const previous = this.remove(f.id);
    if (f.status !== 'pending') return;
    this.followUps.set(f.id, f);
    this.index(f);
    if (!previous || previous.dueAt !== f.dueAt || previous.status !== 'pending') {
      this.queue.push(f.id, ms(f.dueAt));
    }
  }

  private index(f: FollowUp): void {
    this.byHandoff.add(f.handoffId, f.id);
    this.byCustomer.add(f.customerId, f.id);
    this.byPerson.add(recipientOf(f), f.id);
    this.changed(f, 1);
  }

  /**
   * Takes a follow-up out of the set (its queue entry is skipped when popped).
   * Its index entries stay until `sweep`: a tick sends a thousand follow-ups,
   * and taking each out of three indexes was a fifth of the tick's time. Every
   * read through an index checks the follow-up is there and still has the key.
   */
  remove(id: string): FollowUp | undefined {
    const previous = this.followUps.get(id);
    if (!previous) return undefined;
    this.followUps.delete(id);
    this.leftInIndexes++;
    this.changed(previous, -1);
    return previous;
  }

  /** A person's pending follow-ups in no particular order, without sorting them. */
  *ofPerson(person: string): Generator<FollowUp> {
    for (const id of this.byPerson.get(person)) {
      const f = this.followUps.get(id);
      if (f && recipientOf(f) === person) yield f;
    }
  }

  /** A handoff's pending follow-ups in no particular order. */
  *ofHandoff(handoffId: string): Generator<FollowUp> {
    for (const id of this.byHandoff.get(handoffId)) {
      const f = this.followUps.get(id);
      if (f && f.handoffId === handoffId) yield f;
    }
  }

  /** A customer's pending follow-ups in no particular order. */
  *ofCustomer(customerId: string): Generator<FollowUp> {
    for (const id of this.byCustomer.get(customerId)) {
      const f = this.followUps.get(id);
      if (f && f.customerId === customerId) yield f;
    }
  }

  list(filter: FollowUpFilter): FollowUp[] {
    if (filter.status !== undefined && filter.status !== 'pending') return [];
    const ids =
      filter.handoffId !== undefined
        ? this.byHandoff.get(filter.handoffId)
        : filter.customerId !== undefined
          ? this.byCustomer.get(filter.customerId)
          : filter.person !== undefined
            ? this.byPerson.get(filter.person)
            : undefined;
    const out: FollowUp[] = [];
    const take = (f: FollowUp | undefined) => {
      if (f && matchesFollowUp(f, filter)) out.push(f);
    };
    if (!ids) for (const f of this.followUps.values()) take(f);
    else for (const id of ids) take(this.followUps.get(id));
    return out.sort(byDue);
  }

  claim(now: Date, opts: ClaimOptions): FollowUp[] {
    return claimDue(this.queue, this.followUps, now, opts, (f) => ms(f.dueAt), leasedFollowUp);
  }

  /** Drops the index entries of follow-ups taken out or moved to another key. */
  sweep(): void {
    if (this.leftInIndexes === 0 || this.sweeping) return;
    this.leftInIndexes = 0;
    this.sweeping = true;
    const keeps: Array<[MultiIndex, (key: string, id: string) => boolean]> = [
      [this.byHandoff, (key, id) => this.followUps.get(id)?.handoffId === key],
      [this.byCustomer, (key, id) => this.followUps.get(id)?.customerId === key],
      [
        this.byPerson,
        (key, id) => {
          const f = this.followUps.get(id);
          return f !== undefined && recipientOf(f) === key;
        },
      ],
    ];
    // In slices between turns of the event loop: readers skip stale entries meanwhile.
    const slice = () => {
      const step = keeps[0];
      if (!step) {
        this.sweeping = false;
        return;
      }
      if (step[0].sweepSome(SWEEP_SLICE, step[1])) keeps.shift();
      setImmediate(slice);
    };
    slice();
  }
}
