import { createHmac } from 'node:crypto';
import type { PulseSubject } from '../../src/services/pulse.js';
import { secretEquals } from '../webhooks/signatures.js';

/**
 * Pulse links are signed with a key of their own, derived from the
 * dashboard's session key under a purpose label (HKDF-style): a session
 * cookie can never pass for a pulse link, nor the other way round, and
 * `BATON_SESSION_SECRET` (or the generated shared key) still rules both, so
 * every replica accepts every link.
 */
export function pulseKey(sessionKey: Buffer): Buffer {
  return createHmac('sha256', sessionKey).update('baton/pulse-links/v1').digest();
}

export type Verified =
  | { ok: true; subject: PulseSubject; expiresAt: Date }
  | { ok: false; reason: 'forged' | 'expired'; subject?: PulseSubject };

const ID = /^[A-Za-z0-9_:.-]{1,100}$/;
const DIGEST = /^[A-Za-z0-9_-]{43}$/;

/** `<payload>.<signature>`, both base64url; the payload is `handoffId~digest~expiry seconds`. */
export function signPulseToken(key: Buffer, subject: PulseSubject, expiresAt: Date): string {
  const payload = Buffer.from(
    `${subject.handoffId}~${subject.digest}~${Math.floor(expiresAt.getTime() / 1000)}`,
  ).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** Forged: anything not signed by us (checked in constant time); expired: ours, but past its time. */
export function verifyPulseToken(key: Buffer, token: string, now: Date): Verified {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined || !/^[A-Za-z0-9_-]{1,400}$/.test(payload))
    return { ok: false, reason: 'forged' };
  if (!secretEquals(mac(key, payload), sig)) return { ok: false, reason: 'forged' };
  const [handoffId, digest, exp, more] = Buffer.from(payload, 'base64url').toString('utf8').split('~');
  const seconds = Number(exp);
  if (!handoffId || !ID.test(handoffId) || !digest || !DIGEST.test(digest) || more !== undefined)
    return { ok: false, reason: 'forged' };
  if (!Number.isSafeInteger(seconds)) return { ok: false, reason: 'forged' };
  const subject = { handoffId, digest };
  const expiresAt = new Date(seconds * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', subject };
  return { ok: true, subject, expiresAt };
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
