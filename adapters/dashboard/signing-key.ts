import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/store/store.js';

const KEY_NS = 'dashboard-key';
const KEY = 'session-hmac';

/**
 * The key that signs session cookies: `BATON_SESSION_SECRET` when set, else
 * 32 random bytes Baton makes once and keeps in its store. The key is
 * inserted only if none exists, so of two replicas starting together one
 * wins and both read the winner's: a cookie signed by one is valid on all.
 */
export async function sessionSigningKey(secret: string | undefined, store: Store): Promise<Buffer> {
  if (secret) return Buffer.from(secret, 'utf8');
  const kept = await store.getKv(KEY_NS, KEY);
  if (typeof kept === 'string') return Buffer.from(kept, 'base64url');
  const made = randomBytes(32).toString('base64url');
  const r = await store.commit({ kvInsert: [{ ns: KEY_NS, key: KEY, value: made }] });
  if (r.ok) return Buffer.from(made, 'base64url');
  const winner = await store.getKv(KEY_NS, KEY);
  if (typeof winner !== 'string')
    throw new Error(`dashboard session key: the store refused a new key (${r.reason}) and holds none`);
  return Buffer.from(winner, 'base64url');
}

/**
 * The signing key read (or made) on first use, not at start: a start never
 * waits on it, and a failed read is tried again on the next use. `derive`
 * turns the session key into the key a page signs with (mail links have
 * their own).
 */
export function lazySigningKey(
  secret: string | undefined,
  store: Store,
  derive: (sessionKey: Buffer) => Buffer = (k) => k,
): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= sessionSigningKey(secret, store)
      .then(derive)
      .catch((err: unknown) => {
        key = undefined;
        throw err;
      });
    return key;
  };
}
