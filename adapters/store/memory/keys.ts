import type { Customer, FollowUp } from '../../../src/domain/types.js';

/** Helpers of the hot-state engine: version checks and the keys its indexes use. */
export function versionMatches(current: number | undefined, expected: number | null, next: number): boolean {
  if (expected === null) return current === undefined && next === 1;
  return current === expected && next === expected + 1;
}

/** The person a follow-up goes to, when it goes to a person (not a team's channel). */
export function recipientOf(f: FollowUp): string | undefined {
  return f.recipient.kind === 'person' ? f.recipient.person : undefined;
}

export function domainOf(emailOrDomain: string): string | undefined {
  const at = emailOrDomain.lastIndexOf('@');
  return at >= 0 ? emailOrDomain.slice(at + 1) : undefined;
}

export function emailAndDomainKeys(c: Customer): string[] {
  const keys: string[] = [];
  if (c.domain) keys.push(c.domain.toLowerCase());
  for (const contact of c.contacts) if (contact.email) keys.push(contact.email.toLowerCase());
  return keys;
}

export const kvKey = (ns: string, key: string): string => `${ns}\u0000${key}`;
export const inboundKey = (source: string, id: string): string => `${source}\u0000${id}`;
/** A due-queue position: an instant in epoch milliseconds (0 when unset). */
export const ms = (iso: string | undefined): number => (iso ? Date.parse(iso) : 0);
