import type { AuditEntry, Handoff } from '../domain/types.js';

/**
 * Every action Baton writes to the audit log. The builders below take only
 * these, so a new action cannot be written without being added here, and the
 * customer timeline (src/views/timeline.ts) must have words for each one.
 */
export const AUDIT_ACTIONS = [
  'customer.created',
  'customer.imported',
  'customer.updated',
  'customer.contacted',
  'customer.erased',
  'event.recorded',
  'handoff.proposed',
  'handoff.opened',
  'handoff.resent',
  'handoff.noted',
  'handoff.accepted',
  'handoff.declined',
  'handoff.reassigned',
  'handoff.snoozed',
  'handoff.contacted',
  'handoff.escalated',
  'handoff.completed',
  'handoff.cancelled',
  'handoff.languageGap',
  'followup.nudged',
  'followup.escalated',
  'dashboard.linkSent',
  'dashboard.signedIn',
  'pulse.sent',
  'pulse.skipped',
  'pulse.answered',
  'pulse.unsubscribed',
  'config.changed',
  'person.away',
  'person.back',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

export function handoffAudit(
  ids: (prefix: string) => string,
  at: string,
  actor: string,
  action: AuditAction & `handoff.${string}`,
  handoff: Handoff,
  details?: Record<string, unknown>,
): AuditEntry {
  return {
    id: ids('aud'),
    at,
    actor,
    action,
    subject: { type: 'handoff', id: handoff.id },
    customerId: handoff.customerId,
    details: { state: handoff.state, version: handoff.version, ...(details ?? {}) },
  };
}

export function customerAudit(
  ids: (prefix: string) => string,
  at: string,
  actor: string,
  action: AuditAction,
  customerId: string,
  details?: Record<string, unknown>,
): AuditEntry {
  return {
    id: ids('aud'),
    at,
    actor,
    action,
    subject: { type: 'customer', id: customerId },
    customerId,
    details,
  };
}

/** An action of a person about no customer (a dashboard sign-in): kept in the audit log, on no timeline. */
export function personAudit(
  ids: (prefix: string) => string,
  at: string,
  person: string,
  action: AuditAction & `dashboard.${string}`,
  details?: Record<string, unknown>,
): AuditEntry {
  return {
    id: ids('aud'),
    at,
    actor: person,
    action,
    subject: { type: 'person', id: person },
    ...(details ? { details } : {}),
  };
}
