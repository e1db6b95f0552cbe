/**
 * The records Baton keeps. Instants are ISO 8601 strings in UTC so that every
 * store (memory, JSON file, PostgreSQL) holds exactly the same shape.
 */
import type { PlaybookTerms } from '../playbooks/schema.js';

export type Iso = string;

export const HANDOFF_STATES = [
  'proposed',
  'open',
  'accepted',
  'contacted',
  'done',
  'declined',
  'cancelled',
] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];
/** Handoffs in these states are finished; they leave the hot working set. */
export const CLOSED_STATES: readonly HandoffState[] = ['done', 'cancelled'];
export const isClosedState = (s: HandoffState): boolean => CLOSED_STATES.includes(s);

export const CONTACT_CHANNELS = ['call', 'email', 'chat', 'meeting'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** A registered chat platform's name (see src/registry): the core knows none by name. */
export type Platform = string;

export interface Contact {
  name: string;
  email?: string;
  phone?: string;
  role?: string;
}

export interface Customer {
  id: string;
  name: string;
  aliases: string[];
  /** Ids in systems of record, by the source's name: `{ crm: "crm-42", shop: "cus_9" }`. */
  externalIds: Record<string, string>;
  domain?: string;
  /** The language the customer wants to be served in (BCP 47, e.g. `ko`). */
  language?: string;
  contacts: Contact[];
  /** Journey stage; by default the same as the owning team's key. */
  stage: string;
  team: string;
  owner?: string;
  postPurchase: boolean;
  purchasedAt?: Iso;
  lastContactAt?: Iso;
  /** When the next contact is owed (first contact or cadence); drives `/cx gaps`. */
  contactDueAt?: Iso;
  /** Set when personal data was erased on request. */
  erasedAt?: Iso;
  /** What playbook segments (`when:`) match on; see CustomerAttributes. */
  attributes?: CustomerAttributes;
  createdAt: Iso;
  updatedAt: Iso;
  version: number;
}

/**
 * A customer's attributes as a CRM, an import or a handoff recorded them:
 * the latest report of each wins. Custom fields keep the CRM's own names.
 */
export interface CustomerAttributes {
  tier?: string;
  region?: string;
  dealValue?: number;
  fields?: Record<string, string>;
}

export type HandoffSource =
  | { kind: 'person'; platform?: Platform }
  | { kind: 'event'; system: string; eventId: string }
  | { kind: 'phrase'; platform: Platform; channel: string; messageId: string }
  | { kind: 'silence' };

/** Context the next owner needs; keys are the playbook's field names. */
export type HandoffContext = Record<string, string | number | string[] | undefined>;

export interface HandoffNote {
  at: Iso;
  by: string;
  text: string;
}

export interface Handoff {
  id: string;
  customerId: string;
  /** Playbook id: its file name without `.yaml`. */
  playbook: string;
  from: string;
  to: string;
  /** Person key of whoever handed over, or `system` for events and time. */
  sender: string;
  source: HandoffSource;
  state: HandoffState;
  /** Who is asked to accept (round-robin, least-loaded, lead, or a named person). */
  assignee?: string;
  /** Who accepted; the customer's new owner. */
  owner?: string;
  context: HandoffContext;
  note?: string;
  declineReason?: string;
  notes: HandoffNote[];
  /** Counts sends after a decline, so each round has its own follow-ups. */
  round: number;
  snoozeCount: number;
  createdAt: Iso;
  openedAt?: Iso;
  acceptedAt?: Iso;
  contactedAt?: Iso;
  closedAt?: Iso;
  acceptDueAt?: Iso;
  contactDueAt?: Iso;
  /** Each step of the escalation ladder reached, oldest first; the card shows them all. */
  escalations?: EscalationMark[];
  /**
   * Before ladders, the one escalation (a person key) and when. No longer
   * written: read through `escalationsOf`, and folded into `escalations` the
   * next time the handoff escalates.
   */
  escalatedTo?: string;
  escalatedAt?: Iso;
  /**
   * Set when a post-purchase customer's handoff is cancelled: who owes the
   * customer their next contact now. `handoff`: another handoff carries them
   * (to `team`); `cadence`: `team` (and `owner`) on its contact cadence, next
   * due at `dueAt`; `gap`: `team` has no cadence, so the customer was owed a
   * contact at `dueAt` and `/cx gaps` lists them until someone logs one.
   */
  afterCancel?: { kind: 'handoff' | 'cadence' | 'gap'; team: string; owner?: string; dueAt?: Iso };
  /** The customer's own answer to the pulse mail (has someone been in touch?), the latest one. */
  pulse?: { answer: PulseAnswer; answeredAt: Iso };
  /**
   * The playbook's SLA, nudges, escalation and pulse as they were when the
   * handoff first opened: a playbook changed or deleted while Baton runs does
   * not move an open handoff's deadlines. Absent on handoffs from before.
   */
  terms?: PlaybookTerms;
  updatedAt: Iso;
  version: number;
}

/** One escalation step reached: who was told (a person key or a team's channel), when, and at which step. */
export interface EscalationMark {
  /** The playbook step, e.g. `150%`; absent for one recorded before ladders. */
  step?: string;
  window?: FollowUpWindow;
  to: Recipient;
  at: Iso;
}

/** What the customer can answer the pulse mail: contact happened and helped, happened but not enough, or none yet. */
export const PULSE_ANSWERS = ['helped', 'need-help', 'not-yet'] as const;
export type PulseAnswer = (typeof PULSE_ANSWERS)[number];

export type Recipient = { kind: 'person'; person: string } | { kind: 'team'; team: string };

/** `pulse`: the question to the customer after their first contact (playbook `pulse:`), sent by mail. */
export type FollowUpWindow = 'accept' | 'firstContact' | 'cadence' | 'pulse';

export interface FollowUp {
  /** Deterministic (`<subject>:r<round>:<window>:<step>`), so one due item can never exist twice. */
  id: string;
  customerId: string;
  handoffId?: string;
  window: FollowUpWindow;
  kind: 'nudge' | 'escalation';
  /** The playbook step that made it, e.g. `50%`. */
  step: string;
  recipient: Recipient;
  windowStart: Iso;
  deadline: Iso;
  dueAt: Iso;
  status: 'pending' | 'sent' | 'cancelled';
  sentAt?: Iso;
  cancelledAt?: Iso;
  cancelReason?: string;
  leaseUntil?: Iso;
  leaseOwner?: string;
}

/** What a reminder message keeps of each follow-up: what it says, not the scheduling state. */
export type ReminderItem = Pick<
  FollowUp,
  'id' | 'customerId' | 'handoffId' | 'window' | 'kind' | 'step' | 'recipient' | 'deadline' | 'dueAt'
> & {
  /** Sent to a stand-in: the person it was meant for, away until this date (see timeOffRouter). */
  awayFor?: { person: string; until: string };
};

/** Where a card was posted, so every later change can update it in place. */
export interface CardRef {
  id: string;
  handoffId: string;
  platform: Platform;
  /** The platform's id of the conversation the card is in. */
  conversationId: string;
  /** The platform's id of the message. */
  messageId: string;
  serviceUrl?: string;
  postedAt: Iso;
}

export type DeliveryTarget =
  | { kind: 'team'; team: string }
  | { kind: 'person'; person: string }
  | { kind: 'card'; cardRefId: string }
  | { kind: 'address'; conversationId: string; threadId?: string; serviceUrl?: string };

export type DeliveryMessage =
  | { type: 'handoff-card'; handoffId: string }
  | { type: 'card-update'; handoffId: string }
  /** The follow-ups as they fell due, so the message can be shown after they left the pending set. */
  | { type: 'reminder'; followUps: ReminderItem[] }
  | { type: 'proposal'; handoffId: string }
  /**
   * About the customer's language, to one person: `speaker`, a customer in
   * their language waits to be claimed; `gap`, nobody reachable in the team
   * serves it. Rendered from the handoff as it is when sent.
   */
  | { type: 'language'; handoffId: string; about: 'speaker' | 'gap' }
  /** A change said in words (in the card's thread, or to the sender), rendered in the reader's language at send time. */
  | { type: 'note'; handoffId: string; event: NoteEvent; actor?: string; detail?: string }
  | { type: 'text'; text: string }
  /** One person's weekly report on the week starting `week` (yyyy-MM-dd, a Monday), built at send time. */
  | { type: 'weekly-report'; person: string; week: string }
  /** A sending team's weekly post on what became of the customers it handed on that week. */
  | { type: 'team-report'; team: string; week: string }
  /**
   * The pulse question mailed to the customer's key contact (target: the
   * customer's id as the address's conversation), built at send time from the
   * customer as they are then, so no address is kept in the outbox.
   */
  | { type: 'pulse-mail'; handoffId: string }
  | CrmRecordMessage;

// --- Write-back to systems of record (issue 15): kept in one block. ---

/** What the write-back says, rendered at send time from the handoff as it is then. */
export type CrmRecordEvent = 'accepted' | 'reassigned' | 'contacted' | 'declined';

/**
 * A handoff's change, recorded on the record it came from (a note, a task).
 * Its delivery's target is `{ kind: 'address', conversationId: '<system>:<handoff id>' }`:
 * a handoff's writes go out in order, the target holds no identifying value
 * (erasure rewrites only the message), and no chat renderer meets a new kind.
 */
export interface CrmRecordMessage {
  type: 'crm-record';
  handoffId: string;
  event: CrmRecordEvent;
  /** The system of record's registered name, also the delivery's platform. */
  system: string;
  /** The `Customer.externalIds` key the id came from (one system may write on several kinds of record). */
  recordKey: string;
  recordId: string;
  actor?: string;
  detail?: string;
}
// --- end of write-back block ---

export type NoteEvent =
  | 'opened'
  | 'accepted'
  | 'declined'
  | 'reassigned'
  | 'contacted'
  | 'snoozed'
  | 'completed'
  | 'cancelled'
  | 'resent'
  | 'escalated'
  | 'noted'
  /** The customer answered the pulse mail; `detail` is the answer. */
  | 'pulse';

export interface Delivery {
  id: string;
  /** Idempotency key: at most one delivery per key is ever enqueued. */
  key: string;
  platform: Platform;
  target: DeliveryTarget;
  message: DeliveryMessage;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Iso;
  createdAt: Iso;
  sentAt?: Iso;
  lastError?: string;
  /** What the platform answered (message ts / activity id), kept so a retry never posts twice. */
  result?: { conversationId: string; messageId: string; serviceUrl?: string };
  /**
   * Since when a post of this delivery may have reached the platform without
   * Baton learning its outcome. Made durable before every post and cleared
   * once the platform answered, so after a crash the outbox asks the platform
   * before posting again.
   */
  sendingSince?: Iso;
  /**
   * Its last try could not reach the conversation yet (Baton not installed there, a person who
   * never opened Baton): `Store.deliverNotYetNow` makes it due once someone makes one reachable.
   */
  notYet?: true;
  leaseUntil?: Iso;
  leaseOwner?: string;
}

export interface Touchpoint {
  id: string;
  customerId: string;
  at: Iso;
  channel: ContactChannel | 'note' | 'event';
  by?: string;
  note?: string;
  handoffId?: string;
  /** Where it came from: a platform's or a webhook source's name, `import`, ... */
  source?: string;
}

export interface AuditEntry {
  id: string;
  at: Iso;
  /** Person key, `system`, or `webhook:<source>` for webhooks. */
  actor: string;
  action: string;
  subject: {
    type: 'customer' | 'handoff' | 'followup' | 'delivery' | 'event' | 'person' | 'config';
    id: string;
  };
  customerId?: string;
  details?: Record<string, unknown>;
}

/** A webhook delivery, remembered by the sender's own id so a retry is recognised. */
export interface InboundEvent {
  source: string;
  id: string;
  type: string;
  receivedAt: Iso;
  status: 'pending' | 'processed' | 'failed';
  /** The validated body, kept until processed so a crash after the 2xx loses nothing. */
  payload?: unknown;
  customerId?: string;
  outcome?: string;
  attempts: number;
  leaseUntil?: Iso;
  leaseOwner?: string;
}

export type HistoryEntry =
  | { kind: 'audit'; at: Iso; entry: AuditEntry }
  | { kind: 'touchpoint'; at: Iso; entry: Touchpoint }
  | { kind: 'handoff'; at: Iso; entry: Handoff };
