import type { FollowUp, Handoff } from '../../../src/domain/types.js';
import {
  compareLines,
  followUpLines,
  isHandoffLine,
  lineSubject,
  queueRole,
} from '../../../src/store/queue.js';
import type { FollowUpTable } from './follow-up-table.js';
import { Ordered } from './ordered.js';

/** One person's (with their team's) follow-up lines: the shown ones in order, and each by subject. */
class Lines {
  /** Subject → the follow-up that stands for its line, while it is shown. */
  readonly shownBy = new Map<string, FollowUp>();
  readonly shown = new Ordered<FollowUp>(compareLines);

  constructor(
    readonly person: string,
    readonly team: string | undefined,
  ) {}
}

/**
 * The follow-up lines of queues (`followUpLines` in src/store/queue.ts), kept
 * in order per person (and team) from the first time they are asked for: a
 * subject is shown unless its handoff is in the person's queue, so a line
 * changes when one of its follow-ups does, and when its handoff changes.
 * A subject's follow-ups are read from the follow-up table's indexes when its
 * line changes: kept here per subject, they made 13.5 MB for the bench's 40
 * owners (a Map for each of their 1,250 handoffs).
 */
export class QueueLines {
  private readonly byPerson = new Map<string, Map<string | undefined, Lines>>();

  constructor(
    private readonly followUps: () => FollowUpTable,
    private readonly handoff: (id: string) => Handoff | undefined,
  ) {}

  /** The first `limit` lines and how many there are. */
  page(person: string, team: string | undefined, limit: number): { lines: FollowUp[]; total: number } {
    const l = this.of(person, team);
    return { lines: l.shown.list.slice(0, Math.max(0, limit)), total: l.shown.list.length };
  }

  /** A pending follow-up stored or taken out: the table holds it as it is now. */
  followUp(f: FollowUp): void {
    if (f.recipient.kind !== 'person') return;
    const mine = this.byPerson.get(f.recipient.person);
    if (!mine) return;
    const subject = lineSubject(f);
    for (const l of mine.values()) this.refresh(l, subject, this.subjectOf(l.person, f));
  }

  /** A handoff stored or taken out: whose queue holds it may have changed, and with it whose lines show it. */
  handoffChanged(h: Handoff): void {
    // Nobody's lines are built before the first page (nor while the store loads its records).
    if (this.byPerson.size === 0) return;
    // Only a person with follow-ups of the handoff has a line for it.
    const people = new Set<string>();
    for (const f of this.followUps().ofHandoff(h.id))
      if (f.recipient.kind === 'person' && isHandoffLine(f)) people.add(f.recipient.person);
    for (const person of people) {
      const lines = this.byPerson.get(person);
      if (lines) for (const l of lines.values()) this.refresh(l, h.id, this.handoffSubject(l.person, h.id));
    }
  }

  /** Puts the subject's line where it belongs now (`members`: the person's follow-ups of it): its earliest, or nowhere. */
  private refresh(l: Lines, subject: string, members: Iterable<FollowUp>): void {
    const old = l.shownBy.get(subject);
    if (old) {
      l.shown.remove(old);
      l.shownBy.delete(subject);
    }
    const first = this.lineOf(l, members);
    if (!first) return;
    l.shown.insert(first);
    l.shownBy.set(subject, first);
  }

  /** The person's pending follow-ups of the subject `f` belongs to. */
  private *subjectOf(person: string, f: FollowUp): Generator<FollowUp> {
    if (isHandoffLine(f)) {
      yield* this.handoffSubject(person, f.handoffId);
      return;
    }
    for (const x of this.followUps().ofCustomer(f.customerId))
      if (!isHandoffLine(x) && x.window === f.window && recipientIs(x, person)) yield x;
  }

  private *handoffSubject(person: string, handoffId: string): Generator<FollowUp> {
    for (const x of this.followUps().ofHandoff(handoffId))
      if (isHandoffLine(x) && recipientIs(x, person)) yield x;
  }

  /** The follow-up that stands for a subject's line, or undefined when the line is not shown. */
  private lineOf(l: Lines, subject: Iterable<FollowUp>): FollowUp | undefined {
    let first: FollowUp | undefined;
    for (const f of subject) if (!first || compareLines(f, first) < 0) first = f;
    if (first && isHandoffLine(first) && this.inQueue(l, first.handoffId)) return undefined;
    return first;
  }

  /** Whether the handoff is in the queue these lines go with: then it stands for its own follow-ups. */
  private inQueue(l: Lines, handoffId: string): boolean {
    const h = this.handoff(handoffId);
    return h !== undefined && queueRole(h, l.person, l.team) !== undefined;
  }

  private of(person: string, team: string | undefined): Lines {
    let mine = this.byPerson.get(person);
    const known = mine?.get(team);
    if (known) return known;
    const l = new Lines(person, team);
    const { lines } = followUpLines(
      this.followUps().ofPerson(person),
      (handoffId) => this.inQueue(l, handoffId),
      Number.POSITIVE_INFINITY,
    );
    for (const f of lines) l.shownBy.set(lineSubject(f), f);
    l.shown.list.push(...lines);
    if (!mine) {
      mine = new Map();
      this.byPerson.set(person, mine);
    }
    mine.set(team, l);
    return l;
  }
}

function recipientIs(f: FollowUp, person: string): boolean {
  return f.recipient.kind === 'person' && f.recipient.person === person;
}
