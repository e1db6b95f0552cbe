import path from 'node:path';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import { publicUrlOf } from '../../src/services/dashboard-links.js';
import { lazySigningKey } from '../dashboard/signing-key.js';
import { createMailNotifier } from './notifier.js';
import { servePulse } from './pages.js';
import { pulseKey } from './token.js';
import { createTransport } from './transport.js';

export const DEFAULT_MAIL_FROM = 'Baton <baton@localhost>';

/**
 * Mail to customers (the pulse question) and the pages their answers land
 * on. Always on: with no `SMTP_URL` mails are written beside the data file,
 * so a trial shows what a customer would receive. Mails are sent only for
 * playbooks that ask for a pulse.
 */
export async function createMailAdapter(ctx: AdapterContext): Promise<PlatformAdapter> {
  const log = ctx.log.child({ module: 'mail' });
  const { services, env } = ctx;
  // Read (or made) on first use, like the dashboard's: a start never waits on it.
  const signingKey = lazySigningKey(env.BATON_SESSION_SECRET, services.deps.store, pulseKey);
  const dir = path.join(path.dirname(path.resolve(env.BATON_DATA_FILE)), 'mail');
  const transport = createTransport({ ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}), dir, log });
  const from = env.BATON_MAIL_FROM ?? DEFAULT_MAIL_FROM;
  const wantsPulse = services.deps.dir.playbooks.some((p) => p.pulse);
  if (wantsPulse && !env.BATON_MAIL_FROM)
    log.warn(
      { from },
      `BATON_MAIL_FROM is not set: customers get mail from "${from}"; set it to your company's address`,
    );
  if (wantsPulse && transport.kind === 'files')
    log.info({ dir }, `SMTP_URL is not set: mails to customers are written as .eml files in ${dir}`);
  // Mail written as files holds the customer's name and address: an erasure takes them too.
  services.onErased((customerId) => transport.forget(customerId));
  const pages = { services, key: signingKey };
  return {
    name: 'mail',
    notifier: createMailNotifier({
      deps: services.deps,
      transport,
      key: signingKey,
      from,
      base: publicUrlOf(services.deps),
      log,
    }),
    routes: [
      { method: 'GET', path: '/pulse/*', handle: (req, res) => servePulse(pages, req, res) },
      { method: 'POST', path: '/pulse/*', handle: (req, res) => servePulse(pages, req, res) },
    ],
    async stop() {
      transport.close();
    },
    async check() {
      return wantsPulse
        ? [
            transport.kind === 'smtp'
              ? 'Mail to customers: through SMTP_URL'
              : `Mail to customers: no SMTP_URL, written as .eml files in ${dir}`,
          ]
        : [];
    },
  };
}
