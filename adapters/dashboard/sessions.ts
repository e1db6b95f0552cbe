import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../src/clock.js';
import type { Store } from '../../src/store/store.js';

const SESSIONS = 'dashboard-session';
/** A session lasts this long from sign-in, however busy it is: a stolen cookie dies with it. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;

const stored = z.object({ person: z.string(), expiresAt: z.string() });

export interface Session {
  id: string;
  person: string;
  expiresAt: string;
  /** Goes in every form that changes something (log out): another site cannot know it. */
  csrf: string;
}

export interface Sessions {
  /** A new session for `person`; the cookie value is `<id>.<signature>`. */
  start(person: string): Promise<{ session: Session; cookie: string }>;
  /** The live session a cookie names, or undefined (unsigned, tampered, unknown, ended or expired). */
  read(cookie: string | undefined): Promise<Session | undefined>;
  end(id: string): Promise<void>;
  csrfMatches(session: Session, token: string | undefined): boolean;
}

/**
 * Sessions kept in the store (so every replica knows them and a log out
 * ends them everywhere), named in the cookie by a random id and its
 * HMAC-SHA256 under the signing key: a forged or altered id is refused
 * without reading the store.
 */
export function createSessions(deps: { store: Store; clock: Clock; key: () => Promise<Buffer> }): Sessions {
  const mac = async (text: string) =>
    createHmac('sha256', await deps.key())
      .update(text)
      .digest('base64url');
  const same = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const withCsrf = async (id: string, v: z.infer<typeof stored>): Promise<Session> => ({
    id,
    ...v,
    csrf: await mac(`csrf:${id}`),
  });

  /** Sessions nobody came back to would stay forever: each sign-in sweeps the expired ones. */
  const prune = async () => {
    const now = deps.clock.now().toISOString();
    const gone = (await deps.store.listKv(SESSIONS)).filter((e) => {
      const v = stored.safeParse(e.value);
      return !v.success || v.data.expiresAt <= now;
    });
    if (gone.length > 0)
      await deps.store.commit({ kv: gone.map((e) => ({ ns: SESSIONS, key: e.key, value: null })) });
  };

  return {
    async start(person) {
      const expiresAt = new Date(deps.clock.now().getTime() + SESSION_TTL_MS).toISOString();
      for (let attempt = 0; attempt < 3; attempt++) {
        const id = randomBytes(24).toString('base64url');
        const r = await deps.store.commit({
          kvInsert: [{ ns: SESSIONS, key: id, value: { person, expiresAt } }],
        });
        if (!r.ok) continue;
        await prune();
        return { session: await withCsrf(id, { person, expiresAt }), cookie: `${id}.${await mac(id)}` };
      }
      throw new Error(
        'dashboard session: three random ids in a row were taken; the store is not answering right',
      );
    },
    async read(cookie) {
      if (!cookie) return undefined;
      const m = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
      if (!m?.[1] || !m[2] || !same(m[2], await mac(m[1]))) return undefined;
      const id = m[1];
      const parsed = stored.safeParse(await deps.store.getKv(SESSIONS, id));
      if (!parsed.success) return undefined;
      if (parsed.data.expiresAt <= deps.clock.now().toISOString()) {
        await this.end(id);
        return undefined;
      }
      return withCsrf(id, parsed.data);
    },
    async end(id) {
      await deps.store.commit({ kv: [{ ns: SESSIONS, key: id, value: null }] });
    },
    csrfMatches: (session, token) => token !== undefined && same(token, session.csrf),
  };
}
