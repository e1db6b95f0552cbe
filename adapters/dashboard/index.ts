import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import { servePage } from './serve-page.js';
import { createSessions } from './sessions.js';
import { signIn, signOut } from './sign-in.js';
import { lazySigningKey } from './signing-key.js';

/**
 * The web dashboard on Baton's one port: sign-in from a one-time link sent
 * in chat, sessions, and the pages, all server-rendered HTML that works
 * without JavaScript. Always on: it has nothing to connect to, and without a
 * link nobody gets past the sign-in page.
 */
export async function createDashboardAdapter(ctx: AdapterContext): Promise<PlatformAdapter> {
  const { services } = ctx;
  const log = ctx.log.child({ module: 'dashboard' });
  const signingKey = lazySigningKey(ctx.env.BATON_SESSION_SECRET, services.deps.store);
  const sessions = createSessions({
    store: services.deps.store,
    clock: services.deps.clock,
    key: signingKey,
  });
  const auth = { env: ctx.env, services, sessions, log };
  const page = { services, sessions };
  return {
    name: 'dashboard',
    routes: [
      { method: 'GET', path: '/dashboard/login', handle: (req, res) => signIn(auth, req, res) },
      { method: 'POST', path: '/dashboard/logout', handle: (req, res) => signOut(auth, req, res) },
      { method: 'GET', path: '/dashboard', handle: (req, res) => servePage(page, req, res) },
      { method: 'GET', path: '/dashboard/*', handle: (req, res) => servePage(page, req, res) },
    ],
  };
}
