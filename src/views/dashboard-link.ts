import type { View } from '../cards/model.js';
import { t } from '../i18n/translate.js';
import { LINK_TTL_MS } from '../services/dashboard-links.js';

/**
 * The one-time sign-in link as a button, with the words that say it is
 * short-lived and personal. Only ever shown to the person it was made for
 * (an ephemeral reply, a direct message, a 1:1 chat).
 */
export function dashboardLinkView(locale: string, url: string): View {
  const text = t(locale, 'dashboard.text', { minutes: Math.round(LINK_TTL_MS / 60_000) });
  return {
    locale,
    fallback: `${t(locale, 'dashboard.title')}: ${text}`,
    title: t(locale, 'dashboard.title'),
    blocks: [
      { kind: 'text', text },
      { kind: 'links', links: [{ label: t(locale, 'dashboard.open'), url }] },
    ],
  };
}
