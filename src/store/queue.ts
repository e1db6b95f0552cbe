import type { FollowUp, Handoff } from '../domain/types.js';

/**
 * What a person's queue (`/cx mine`, the App Home) holds, defined once for
 * every store: each live handoff in it, with why it is there, in the order
 * it is shown. Stores answer the first page and a count from this, so the
 * work grows with the page, not with how many handoffs a person holds.
 */

/** Why a handoff is in the queue; a handoff that fits several takes the first. */
export type QueueRole = 'owner' | 'assignee' | 'sender' | 'claimable';

export interface QueueQuery {
  person: string;
  /** The person's team: its open handoffs that no one was asked to accept are claimable. */
  team?: string;
  /** How many to return, most urgent first. */
  limit: number;
}

export interface QueuePage {
  items: Array<{ handoff: Handoff; role: QueueRole }>;
  /** Every handoff in the queue, shown or not. */
  total: number;
  /** The person's pending follow-ups, one line per subject (`followUpLines`), at most `limit`. */
  followUps: FollowUp[];
  /** Every such line, shown or not. */
  followUpLines: number;
}

const RANK: Record<QueueRole, number> = { owner: 0, assignee: 1, sender: 2, claimable: 3 };

/** The role a person's own handoffs give them (not claimable: that is the team's). */
export function personalRole(h: Handoff, person: string): QueueRole | undefined {
  if (h.state === 'done' || h.state === 'cancelled') return undefined;
  if (h.owner === person) return 'owner';
  if (h.assignee === person && h.state === 'open') return 'assignee';
  if (h.sender === person && (h.state === 'proposed' || h.state === 'declined')) return 'sender';
  return undefined;
}

/** Open and no one asked to accept it: what a member of its team may claim. */
export const isClaimable = (h: Handoff): boolean => h.state === 'open' && h.assignee === undefined;

export function queueRole(h: Handoff, person: string, team: string | undefined): QueueRole | undefined {
  const own = personalRole(h, person);
  if (own) return own;
  return team !== undefined && h.to === team && isClaimable(h) ? 'claimable' : undefined;
}

/** The deadline a queued handoff is waiting on: acceptance while open, else first contact. */
export function urgencyOf(h: Handoff): string {
  return (h.state === 'open' ? h.acceptDueAt : h.contactDueAt) ?? h.createdAt;
}

/**
 * The queue's order as one string (code-unit order): most urgent first, then
 * owned, asked, sent, claimable, then oldest, then by id. NUL separates the
 * parts, so a part that is a prefix of another sorts first, as it does alone.
 */
export function queueKey(h: Handoff, role: QueueRole): string {
  return `${urgencyOf(h)}\u0000${RANK[role]}\u0000${h.createdAt}\u0000${h.id}`;
}

const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * `queueKey`'s order without making the keys: compared part by part, which is
 * the order of the NUL-joined strings. For indexes that keep thousands of
 * handoffs in order and would otherwise hold a key string for each.
 */
export function compareQueued(a: Handoff, ra: QueueRole, b: Handoff, rb: QueueRole): number {
  return (
    order(urgencyOf(a), urgencyOf(b)) ||
    RANK[ra] - RANK[rb] ||
    order(a.createdAt, b.createdAt) ||
    order(a.id, b.id)
  );
}

/** A follow-up line's order: earliest deadline, then due time, then id. */
export const compareLines = (a: FollowUp, b: FollowUp): number =>
  order(a.deadline, b.deadline) || order(a.dueAt, b.dueAt) || order(a.id, b.id);

/** Whether a follow-up's line stands for its handoff (a check-in's stands for its customer and window). */
export const isHandoffLine = (f: FollowUp): f is FollowUp & { handoffId: string } =>
  f.handoffId !== undefined && f.window !== 'cadence';

/**
 * What a follow-up's line stands for, as a key: its handoff's id itself (no string made), or,
 * for check-ins, its customer and window (`c:` cannot begin a handoff id Baton makes).
 */
export function lineSubject(f: FollowUp): string {
  return isHandoffLine(f) ? f.handoffId : `c:${f.customerId}:${f.window}`;
}

/**
 * A person's follow-ups as queue lines: one per handoff (or per customer and
 * window, for check-ins), whatever number of nudges and escalations it has
 * pending, since they share one deadline; the earliest stands for the rest.
 * A handoff already in the queue stands for its own follow-ups (`queued`).
 * Lines earliest deadline first, then by due time, then by id; any input order.
 */
export function followUpLines(
  list: Iterable<FollowUp>,
  queued: (handoffId: string) => boolean,
  limit: number,
): { lines: FollowUp[]; total: number } {
  const best = new Map<string, FollowUp>();
  for (const f of list) {
    // Told apart before a key is made: most of an owner's follow-ups are of their own queue's handoffs.
    if (isHandoffLine(f) && queued(f.handoffId)) continue;
    const key = lineSubject(f);
    const kept = best.get(key);
    if (!kept || compareLines(f, kept) < 0) best.set(key, f);
  }
  const lines = [...best.values()].sort(compareLines);
  return { lines: lines.slice(0, Math.max(0, limit)), total: lines.length };
}
