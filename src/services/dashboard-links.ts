import { createHash, randomBytes } from 'node:crypto';
import { personAudit } from './audit.js';
import { fail, ok, type Result, type ServiceDeps } from './deps.js';

/** One-time sign-in links: a random token, single use, valid this long. */
export const LINK_TTL_MS = 10 * 60_000;
/** At most this many links a person may ask for within `LINK_WINDOW_MS`. */
export const LINK_LIMIT = 5;
export const LINK_WINDOW_MS = 10 * 60_000;

const LINKS = 'dashboard-link';
const USED = 'dashboard-link-used';
const ASKED = 'dashboard-link-asked';

/** The token is kept only as its hash: a copy of the store signs nobody in. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export const publicUrlOf = (deps: Pick<ServiceDeps, 'publicUrl'>): string =>
  (deps.publicUrl ?? 'http://localhost:3978').replace(/\/+$/, '');

/**
 * A private one-time link to the dashboard for `person`, to be sent to them
 * alone (an ephemeral reply, a 1:1 chat). Refused for someone not in the
 * config, and past `LINK_LIMIT` requests in `LINK_WINDOW_MS` (BUSY, with the
 * minutes to wait). The request is audited; the token is stored only hashed.
 */
export async function requestDashboardLink(
  deps: ServiceDeps,
  person: string,
): Promise<Result<{ url: string; expiresAt: string }>> {
  if (!deps.dir.person(person)) return fail('UNKNOWN_USER', { user: person });
  const now = deps.clock.now();
  const asked = ((await deps.store.getKv(ASKED, person)) as number[] | undefined) ?? [];
  const recent = asked.filter((t) => t > now.getTime() - LINK_WINDOW_MS);
  if (recent.length >= LINK_LIMIT) {
    const oldest = Math.min(...recent);
    return fail('RATE_LIMITED', {
      minutes: Math.max(1, Math.ceil((oldest + LINK_WINDOW_MS - now.getTime()) / 60_000)),
    });
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS).toISOString();
  const at = now.toISOString();
  const r = await deps.store.commit({
    kvInsert: [{ ns: LINKS, key: hashOf(token), value: { person, expiresAt } }],
    kv: [{ ns: ASKED, key: person, value: [...recent, now.getTime()] }],
    audit: [personAudit(deps.ids, at, person, 'dashboard.linkSent')],
  });
  if (!r.ok) return fail('BUSY');
  return ok({ url: `${publicUrlOf(deps)}/dashboard/login?token=${token}`, expiresAt });
}

export type Redeemed = { ok: true; person: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/**
 * Turns a link's token into the person it was sent to, once: the token is
 * taken in the same commit that marks it used, so of two tabs opening one
 * link at once exactly one signs in. Audited.
 */
export async function redeemDashboardLink(deps: ServiceDeps, token: string): Promise<Redeemed> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'unknown' };
  const key = hashOf(token);
  const link = (await deps.store.getKv(LINKS, key)) as { person: string; expiresAt: string } | undefined;
  if (!link) return { ok: false, reason: (await deps.store.getKv(USED, key)) ? 'used' : 'unknown' };
  const now = deps.clock.now();
  const at = now.toISOString();
  const expired = link.expiresAt <= at;
  const r = await deps.store.commit({
    kvTake: [{ ns: LINKS, key }],
    kvInsert: [{ ns: USED, key, value: { at, expiresAt: link.expiresAt } }],
    ...(expired ? {} : { audit: [personAudit(deps.ids, at, link.person, 'dashboard.signedIn')] }),
  });
  if (!r.ok) return { ok: false, reason: 'used' };
  if (expired) return { ok: false, reason: 'expired' };
  if (!deps.dir.person(link.person)) return { ok: false, reason: 'unknown' };
  return { ok: true, person: link.person };
}
