import type { Directory } from '../config/directory.js';
import type { Handoff, HandoffState } from './types.js';

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

/** Who may do what. Admins may do everything. */
const WHO: Record<HandoffAction, readonly Role[]> = {
  confirm: ['sender', 'sending-team', 'sending-lead'],
  accept: ['receiving-team', 'receiving-lead', 'owner'],
  decline: ['receiving-team', 'receiving-lead', 'owner'],
  contact: ['owner', 'receiving-team', 'receiving-lead'],
  reassign: ['owner', 'receiving-lead'],
  snooze: ['owner', 'receiving-lead'],
  complete: ['owner', 'receiving-lead'],
  cancel: ['owner', 'sender', 'sending-lead', 'receiving-lead'],
  resend: ['sender', 'sending-team', 'sending-lead'],
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

export function mayDo(dir: Directory, handoff: Handoff, person: string, action: HandoffAction): boolean {
  const roles = rolesOf(dir, handoff, person);
  if (roles.has('admin')) return true;
  return WHO[action].some((r) => roles.has(r));
}

/** The roles that may do an action, for the "who may do this" reply. */
export function whoMay(action: HandoffAction): readonly Role[] {
  return WHO[action];
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

/** Handoffs that still need someone to act for the customer. */
export function isAwaitingContact(state: HandoffState): boolean {
  return state === 'open' || state === 'accepted';
}
