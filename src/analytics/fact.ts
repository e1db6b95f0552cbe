import type { HandoffState, Iso, PulseAnswer } from '../domain/types.js';

/**
 * One handoff as the journey analytics see it: the rollup row kept up to date
 * in the same commit as the handoff (see `recordingJourney` in record.ts), so a dashboard or a
 * report aggregates these rows and never reads history. It holds no personal
 * data but the decline reasons people wrote, which an erasure blanks
 * (`eraseReasons`): an erased customer's facts stay, anonymous.
 */
export interface JourneyFact {
  handoffId: string;
  customerId: string;
  playbook: string;
  from: string;
  to: string;
  /** `person`, `phrase`, `silence`, or for an event the name of the system of record it came from. */
  source: string;
  /** The customer's language when the handoff started (primary subtag of BCP 47, lower case), `und` when unknown. */
  language: string;
  /** Monday of the week the handoff started, in the receiving team's time zone (yyyy-MM-dd). */
  week: string;
  startedAt: Iso;
  state: HandoffState;
  sender: string;
  assignee?: string;
  owner?: string;
  acceptDueAt?: Iso;
  acceptedAt?: Iso;
  /** Business time from start to accept, in the receiving team's hours, ms. */
  acceptBusinessMs?: number;
  contactDueAt?: Iso;
  contactedAt?: Iso;
  /** Business time from start to first contact, in the receiving team's hours, ms. */
  contactBusinessMs?: number;
  /** When the customer bought (wall-clock: the customer waits in calendar time). */
  purchasedAt?: Iso;
  declines: number;
  /** Each decline's reason, in order (empty string: none given). */
  declineReasons: string[];
  reassigns: number;
  escalations: number;
  closedAt?: Iso;
  /** The customer's latest answer to the pulse mail (has someone been in touch?), when they gave one. */
  pulseAnswer?: PulseAnswer;
  updatedAt: Iso;
}

/** Fields fixed when the handoff started: a later patch never changes them. */
export const CREATION_FIELDS = [
  'customerId',
  'playbook',
  'from',
  'to',
  'source',
  'language',
  'week',
  'startedAt',
  'purchasedAt',
] as const;

/**
 * What one commit changes in a handoff's fact: `set` is what the handoff now
 * says (creation fields only count when the fact is new), `add` counts what
 * happened in this commit (a decline, a reassign, an escalation).
 */
export interface JourneyPatch {
  handoffId: string;
  set: Omit<JourneyFact, 'handoffId' | 'declines' | 'declineReasons' | 'reassigns' | 'escalations'>;
  add?: { declines?: number; declineReasons?: string[]; reassigns?: number; escalations?: number };
  /** The customer was erased: each decline reason (free text a person wrote) becomes '', the counts stay. */
  eraseReasons?: boolean;
}

/**
 * The one merge every store applies (memory and file engine in memory,
 * PostgreSQL inside its transaction), so both give the same numbers.
 */
export function mergeJourneyPatch(prev: JourneyFact | undefined, patch: JourneyPatch): JourneyFact {
  const add = patch.add ?? {};
  // `set` is what the handoff says now (a field it no longer has is gone); creation fields stay as first recorded.
  const from = prev ?? patch.set;
  const set = patch.set;
  const next: JourneyFact = {
    handoffId: patch.handoffId,
    customerId: from.customerId,
    playbook: from.playbook,
    from: from.from,
    to: from.to,
    source: from.source,
    language: from.language,
    week: from.week,
    startedAt: from.startedAt,
    state: set.state,
    sender: set.sender,
    declines: (prev?.declines ?? 0) + (add.declines ?? 0),
    declineReasons: [...(prev?.declineReasons ?? []), ...(add.declineReasons ?? [])],
    reassigns: (prev?.reassigns ?? 0) + (add.reassigns ?? 0),
    escalations: (prev?.escalations ?? 0) + (add.escalations ?? 0),
    updatedAt: set.updatedAt,
  };
  if (patch.eraseReasons) next.declineReasons = next.declineReasons.map(() => '');
  // Optional fields only when present, set on a fresh object (never `delete`d: that puts V8 objects in slow mode).
  if (from.purchasedAt !== undefined) next.purchasedAt = from.purchasedAt;
  for (const k of OPTIONAL_SET_FIELDS) {
    const v = set[k];
    if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  }
  return next;
}

/**
 * The fact as an object of one fixed shape: every field present, in one
 * order, absent ones `undefined`. Facts read back from a file or a database
 * come in as many shapes as there are combinations of optional fields, and
 * the figures' loop over 50k of them then runs on V8's slow megamorphic
 * property loads (measured: about 1 µs a fact); one shape keeps it fast.
 */
export function fixedShape(f: JourneyFact): JourneyFact {
  return {
    handoffId: f.handoffId,
    customerId: f.customerId,
    playbook: f.playbook,
    from: f.from,
    to: f.to,
    source: f.source,
    language: f.language,
    week: f.week,
    startedAt: f.startedAt,
    state: f.state,
    sender: f.sender,
    assignee: f.assignee,
    owner: f.owner,
    acceptDueAt: f.acceptDueAt,
    acceptedAt: f.acceptedAt,
    acceptBusinessMs: f.acceptBusinessMs,
    contactDueAt: f.contactDueAt,
    contactedAt: f.contactedAt,
    contactBusinessMs: f.contactBusinessMs,
    purchasedAt: f.purchasedAt,
    declines: f.declines,
    declineReasons: f.declineReasons,
    reassigns: f.reassigns,
    escalations: f.escalations,
    closedAt: f.closedAt,
    pulseAnswer: f.pulseAnswer,
    updatedAt: f.updatedAt,
  };
}

const OPTIONAL_SET_FIELDS = [
  'assignee',
  'owner',
  'acceptDueAt',
  'acceptedAt',
  'acceptBusinessMs',
  'contactDueAt',
  'contactedAt',
  'contactBusinessMs',
  'closedAt',
  'pulseAnswer',
] as const satisfies ReadonlyArray<keyof JourneyPatch['set']>;

/** Which facts a read returns: weeks (inclusive, yyyy-MM-dd Mondays) and optionally receiving or sending teams. */
export interface JourneyQuery {
  fromWeek?: string;
  toWeek?: string;
  /** Facts whose receiving (`to`) or sending (`from`) team is one of these. Unset: all. */
  teams?: readonly string[];
}
