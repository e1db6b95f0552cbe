import type { Contact, Customer, HandoffContext } from '../domain/types.js';
import { languageName, nativeLanguageName, t } from '../i18n/translate.js';
import type { Playbook } from '../playbooks/schema.js';
import type { Card, CardLink } from './model.js';

type ContextValue = HandoffContext[string];

/** Fields the card shows in their own place (facts, language block, links); all others become sections. */
export const PLACED_FIELDS: ReadonlySet<string> = new Set([
  'summary',
  'promises',
  'risks',
  'dealValue',
  'currency',
  'goLiveDate',
  'keyContact',
  'language',
  'links',
]);

/** A context value as text; lists become one bullet a line. Empty values are no value at all. */
export function contextText(value: ContextValue): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => v.trim()).filter(Boolean);
    if (items.length === 0) return undefined;
    return items.length === 1 ? items[0] : items.map((v) => `• ${v}`).join('\n');
  }
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** Field names in the order the playbook lists them, then whatever else the context carries. */
export function fieldOrder(context: HandoffContext, playbook: Playbook | undefined): string[] {
  const listed = playbook ? [...playbook.context.required, ...playbook.context.optional] : [];
  const extra = Object.keys(context).filter((k) => !listed.includes(k));
  return [...listed, ...extra];
}

export function missingRequired(context: HandoffContext, playbook: Playbook | undefined): string[] {
  return (playbook?.context.required ?? []).filter((f) => contextText(context[f]) === undefined);
}

function primaryLanguage(code: string): string {
  return code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * Shown whenever the customer's language is known. Strong unless both the
 * customer and the reader speak English: a Korean-speaking customer must
 * stand out even to a Korean-speaking reader, because the card is shared
 * with a whole team and forwarded on.
 */
export function languageBlock(code: string | undefined, locale: string): Card['language'] {
  const lang = code?.trim();
  if (!lang) return undefined;
  const name = languageName(lang, locale);
  const native = nativeLanguageName(lang);
  const label =
    native !== name && native !== lang ? t(locale, 'language.label', { language: name, native }) : name;
  const strong = primaryLanguage(lang) !== 'en' || primaryLanguage(locale) !== 'en';
  const notice = t(locale, strong ? 'language.notice' : 'language.noticeSame', { language: name });
  return { code: lang, label, notice, strong };
}

export function customerLanguage(customer: Customer, context: HandoffContext): string | undefined {
  if (customer.language?.trim()) return customer.language;
  return typeof context.language === 'string' && context.language.trim() ? context.language : undefined;
}

function describeContact(c: Contact): string {
  const role = c.role ? ` (${c.role})` : '';
  const reach = c.email ?? c.phone;
  return `${c.name}${role}${reach ? `, ${reach}` : ''}`;
}

/** The context's key contact, else the first contacts on the customer record. */
export function keyContact(context: HandoffContext, customer: Customer): string | undefined {
  const fromContext = context.keyContact;
  if (Array.isArray(fromContext)) return contextText(fromContext.join(', '));
  const text = contextText(fromContext);
  if (text) return text;
  const known = customer.contacts.slice(0, 2).map(describeContact);
  return known.length > 0 ? known.join('; ') : undefined;
}

function webUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Links the context names (label: the host) and the customer's records in
 * the registered systems of record. Anything not a web URL is left out.
 */
export function cardLinks(
  context: HandoffContext,
  locale: string,
  records: ReadonlyArray<{ system: string; url: string }>,
): CardLink[] {
  const raw = context.links;
  const candidates = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const links: CardLink[] = [];
  const seen = new Set<string>();
  const add = (label: string, url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    links.push({ label, url });
  };
  for (const text of candidates) {
    const url = webUrl(text.trim());
    if (url) add(url.hostname.replace(/^www\./, ''), url.href);
  }
  for (const r of records) {
    const url = webUrl(r.url);
    if (url) add(t(locale, 'card.crmRecord', { system: r.system }), url.href);
  }
  return links;
}
