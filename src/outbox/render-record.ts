import type { Directory } from '../config/directory.js';
import {
  CONTACT_CHANNELS,
  type ContactChannel,
  type CrmRecordMessage,
  type Delivery,
} from '../domain/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/translate.js';
import type { Store } from '../store/store.js';
import type { Rendered } from './notifier.js';

/**
 * A write-back's words: one neutral line in the company's default language
 * and zone (a record is read by everyone who opens it, not by one reader),
 * dated when the change happened, not when the outbox got to it.
 */
export async function recordText(
  deps: { store: Store; dir: Directory },
  d: Delivery,
  m: CrmRecordMessage,
): Promise<Rendered | 'skip'> {
  const h = await deps.store.getHandoff(m.handoffId);
  const c = h && (await deps.store.getCustomer(h.customerId));
  // An erased customer's name must not travel anywhere again.
  if (!h || !c || c.erasedAt) return 'skip';
  const { locale, timezone } = deps.dir.config.defaults;
  const detail =
    m.event === 'reassigned' && m.detail
      ? deps.dir.personName(m.detail)
      : m.event === 'contacted' && m.detail && (CONTACT_CHANNELS as readonly string[]).includes(m.detail)
        ? t(locale, `channel.${m.detail as ContactChannel}`)
        : (m.detail ?? '');
  const text = t(locale, `crm.body.${m.event}`, {
    customer: c.name,
    actor: m.actor ? deps.dir.personName(m.actor) : 'Baton',
    team: deps.dir.teamName(h.to),
    detail,
    at: formatDateTime(d.createdAt, locale, timezone),
  });
  return { kind: 'text', text, locale, subject: t(locale, `crm.subject.${m.event}`) };
}
