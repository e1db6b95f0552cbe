import type { AuditEntry, Handoff } from '../domain/types.js';

export function handoffAudit(
  ids: (prefix: string) => string,
  at: string,
  actor: string,
  action: string,
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
  action: string,
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
