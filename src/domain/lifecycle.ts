import type { Directory } from '../config/directory.js';
import {
  HANDOFF_STATES as HANDOFF_STATES_IN_ORDER,
  type Handoff,
  type HandoffState,
  type Recipient,
} from './types.js';

export const HANDOFF_ACTIONS = [
  'confirm',
  'accept',
  'decline',
  'reassign',
  'contact',
  'snooze',
  'complete',
  'cancel',
  'resend',
] as const;
export type HandoffAction = (typeof HANDOFF_ACTIONS)[number];

/** The states each action may start from. Reassign and snooze keep the state. */
const FROM: Record<HandoffAction, readonly HandoffState[]> = {
  confirm: ['proposed'],
  accept: ['open'],
  decline: ['open'],
  // Logging a contact on an open handoff accepts it too: the customer was reached.
  contact: ['open', 'accepted', 'contacted'],
  reassign: ['open', 'accepted', 'contacted'],
  snooze: ['open', 'accepted'],
  complete: ['contacted'],
  cancel: ['proposed', 'open', 'accepted', 'declined'],
  resend: ['declined'],
};

export function canStartFrom(action: HandoffAction, state: HandoffState): boolean {
  return FROM[action].includes(state);
}

export type Role =
  | 'admin'
  | 'sender'
  | 'sending-team'
  | 'sending-lead'
  | 'receiving-team'
  | 'receiving-lead'
  | 'owner';

/**
 * Who may do what. Accepting, declining and logging contact are the receiving
 * team's work: its members (in a claim playbook any of them, otherwise also
 * any of them, so a colleague can pick up what the person asked cannot), its
 * lead, the owner, and admins, who run Baton for the company and unblock what
 * is stuck. The one exception is below: nobody takes their own handoff.
 */
const WHO: Record<HandoffAction, readonly Role[]> = {
  confirm: ['sender', 'sending-team', 'sending-lead', 'admin'],
  accept: ['receiving-team', 'receiving-lead', 'owner', 'admin'],
  decline: ['receiving-team', 'receiving-lead', 'owner', 'admin'],
  contact: ['owner', 'receiving-team', 'receiving-lead', 'admin'],
  reassign: ['owner', 'receiving-lead', 'admin'],
  snooze: ['owner', 'receiving-lead', 'admin'],
  complete: ['owner', 'receiving-lead', 'admin'],
  cancel: ['owner', 'sender', 'sending-lead', 'receiving-lead', 'admin'],
  resend: ['sender', 'sending-team', 'sending-lead', 'admin'],
};

/**
 * Whoever handed a customer over does not also take them: the sender may not
 * accept or decline their own handoff, nor log its first contact (which
 * accepts it), whatever else they are (lead, admin, even a member of the
 * receiving team).
 */
const NOT_BY_SENDER: Partial<Record<HandoffAction, readonly HandoffState[]>> = {
  accept: ['open'],
  decline: ['open'],
  contact: ['open'],
};

export function rolesOf(dir: Directory, handoff: Handoff, person: string): Set<Role> {
  const roles = new Set<Role>();
  const p = dir.person(person);
  if (!p) return roles;
  if (dir.isAdmin(person)) roles.add('admin');
  if (handoff.sender === person) roles.add('sender');
  if (p.team === handoff.from) roles.add('sending-team');
  if (dir.isLeadOf(person, handoff.from)) roles.add('sending-lead');
  if (p.team === handoff.to) roles.add('receiving-team');
  if (dir.isLeadOf(person, handoff.to)) roles.add('receiving-lead');
  // Before anyone accepted, the person asked to accept acts as the owner.
  if (handoff.owner === person || (!handoff.owner && handoff.assignee === person)) roles.add('owner');
  return roles;
}

/** Why a person may not do an action: not theirs at all, or their own handoff. */
export type Refusal = 'not-allowed' | 'own-handoff';

export function refusalOf(
  dir: Directory,
  handoff: Handoff,
  person: string,
  action: HandoffAction,
): Refusal | undefined {
  const roles = rolesOf(dir, handoff, person);
  if (roles.has('sender') && NOT_BY_SENDER[action]?.includes(handoff.state)) return 'own-handoff';
  return WHO[action].some((r) => roles.has(r)) ? undefined : 'not-allowed';
}

export function mayDo(dir: Directory, handoff: Handoff, person: string, action: HandoffAction): boolean {
  return refusalOf(dir, handoff, person, action) === undefined;
}

/** The roles that may do an action, for the "who may do this" reply. */
export function whoMay(action: HandoffAction): readonly Role[] {
  return WHO[action];
}

/** Who a live window's follow-ups go to, as roles resolved against the handoff at planning time. */
export type NudgeRole = 'owner' | 'sender';
export type LeadRole = 'receiving-lead' | 'sending-lead';

export interface LiveWindow {
  /**
   * `pulse`: the question mailed to the customer after the first contact. Its
   * `nudge` and `escalate` name who is told at once when the customer answers
   * that they still need help or that nobody has been in touch.
   */
  window: 'accept' | 'firstContact' | 'pulse';
  /** `owner`: the owner, else the person asked to accept, else (claim) the receiving team's channel. */
  nudge: NudgeRole;
  escalate: readonly LeadRole[];
  /** Leads escalated to as well when the customer is post-purchase. */
  escalatePostPurchase?: readonly LeadRole[];
}

/**
 * For each handoff state, which follow-up windows stay live and who they go
 * to. The services plan and move follow-ups from it; the tick sends only
 * what it still lists. A state with no windows owes nothing: `cancelled` is
 * closed, `proposed` has not started. `contacted` hands the customer to their
 * cadence and, like `done`, keeps only the pulse (when the playbook asks one).
 *
 * After a decline the customer still waits for a first contact, now on the
 * sending side: until the sender sends it again or cancels it, the sender is
 * nudged and the sending team's lead is escalated to, both on the original
 * first-contact deadline (a resend keeps it: the customer has been waiting
 * since the card first went out). The sending lead is the one who can get it
 * sent again or cancelled. For a post-purchase customer the receiving
 * team's lead is escalated to as well: their team turned a paying customer
 * back, and the promise of a contact is still open.
 */
export const LIVE_WINDOWS: Record<HandoffState, readonly LiveWindow[]> = {
  proposed: [],
  open: [
    { window: 'accept', nudge: 'owner', escalate: ['receiving-lead'] },
    { window: 'firstContact', nudge: 'owner', escalate: ['receiving-lead'] },
  ],
  accepted: [{ window: 'firstContact', nudge: 'owner', escalate: ['receiving-lead'] }],
  // The pulse outlives the close: a customer asked a day after first contact may be done already.
  contacted: [{ window: 'pulse', nudge: 'owner', escalate: ['receiving-lead'] }],
  done: [{ window: 'pulse', nudge: 'owner', escalate: ['receiving-lead'] }],
  declined: [
    {
      window: 'firstContact',
      nudge: 'sender',
      escalate: ['sending-lead'],
      escalatePostPurchase: ['receiving-lead'],
    },
  ],
  cancelled: [],
};

export function liveWindow(state: HandoffState, window: string): LiveWindow | undefined {
  return LIVE_WINDOWS[state].find((w) => w.window === window);
}

/** The person or channel a nudge role names for this handoff. */
export function nudgeRecipient(dir: Directory, h: Handoff, role: NudgeRole): Recipient {
  if (role === 'owner') {
    const person = h.owner ?? h.assignee;
    return person ? { kind: 'person', person } : { kind: 'team', team: h.to };
  }
  // A handoff started by an event has no person as sender: its team's lead, else its channel, answers for it.
  if (dir.person(h.sender)) return { kind: 'person', person: h.sender };
  const lead = dir.team(h.from)?.lead;
  return lead ? { kind: 'person', person: lead } : { kind: 'team', team: h.from };
}

/** The leads a live window escalates to, each once, in table order. */
export function escalationLeads(
  dir: Directory,
  h: Handoff,
  w: LiveWindow,
  postPurchase: boolean,
): Array<{ role: LeadRole; person: string }> {
  const roles = [...w.escalate, ...(postPurchase ? (w.escalatePostPurchase ?? []) : [])];
  const out: Array<{ role: LeadRole; person: string }> = [];
  for (const role of roles) {
    const person = dir.team(role === 'receiving-lead' ? h.to : h.from)?.lead;
    if (person && !out.some((o) => o.person === person)) out.push({ role, person });
  }
  return out;
}

export function isLive(state: HandoffState): boolean {
  return (
    state === 'proposed' ||
    state === 'open' ||
    state === 'accepted' ||
    state === 'contacted' ||
    state === 'declined'
  );
}

/**
 * The states in which a handoff still owes the customer a first contact (its
 * first-contact window is live): while one exists, it, not a cadence, decides
 * when the customer's next contact is due.
 */
export const AWAITING_FIRST_CONTACT: HandoffState[] = HANDOFF_STATES_IN_ORDER.filter((s) =>
  LIVE_WINDOWS[s].some((w) => w.window === 'firstContact'),
);
