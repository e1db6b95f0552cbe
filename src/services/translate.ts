import { parseTranslateValue, type View, type ViewBlock } from '../cards/model.js';
import { isLive } from '../domain/lifecycle.js';
import type { Customer, Handoff } from '../domain/types.js';
import { errorMessage, isBatonError } from '../errors.js';
import { fieldLabel, formatDate, languageName, t } from '../i18n/translate.js';
import type { TranslationCache } from '../translation/cache.js';
import { type FreeText, handoffFreeText } from '../translation/free-text.js';
import { mask, unmask } from '../translation/mask.js';
import { alreadyIn } from '../translation/script.js';
import { fail, ok, type Result, type ServiceDeps } from './deps.js';
import { mayReadCustomer, readRefusal } from './read-access.js';

/** Contact notes shown for a customer: the latest, as the timeline keeps them. */
const CONTACT_NOTES = 20;

interface Piece extends FreeText {
  /** The handoff it belongs to, for a heading when a customer has several. */
  handoff?: Handoff;
}

/**
 * The Translate button: what people wrote about a handoff or a customer,
 * in the reader's language, for the reader alone. Checked against the same
 * read rule as `/cx <customer>`. A provider failure is not an error for the
 * reader: they get the original with a short note, and the log says why.
 */
export async function translateFor(
  deps: ServiceDeps,
  cache: TranslationCache,
  input: { value: string; reader: string },
): Promise<Result<View>> {
  const { dir } = deps;
  const translator = deps.translator;
  if (!translator) return fail('TRANSLATION_OFF');
  const subject = parseTranslateValue(input.value);
  if (!subject) return fail('INVALID_INPUT', { field: 'translate' });
  if (!dir.person(input.reader)) return fail('UNKNOWN_USER', { user: input.reader });
  const found = await piecesOf(deps, subject);
  if (!found.ok) return found;
  const { customer, pieces } = found.value;
  if (!(await mayReadCustomer(deps, input.reader, customer))) return readRefusal(customer);

  const locale = dir.personLocale(input.reader);
  const timeZone = dir.personTimeZone(input.reader);
  const texts = await translateAll(deps, cache, customer.id, pieces, locale);
  const blocks: ViewBlock[] = [];
  if (texts.failed) blocks.push({ kind: 'text', text: t(locale, 'translate.unavailable') });
  if (pieces.length === 0) blocks.push({ kind: 'text', text: t(locale, 'translate.nothing') });
  let heading: string | undefined;
  pieces.forEach((p, i) => {
    const h = p.handoff;
    // A customer's view may hold several handoffs: each one's texts under its teams.
    const group =
      subject.customerId !== undefined && h
        ? t(locale, 'translate.handoff', { from: dir.teamName(h.from), to: dir.teamName(h.to) })
        : undefined;
    if (group !== heading) {
      if (blocks.length > 0) blocks.push({ kind: 'divider' });
      if (group) blocks.push({ kind: 'text', text: group });
      heading = group;
    }
    blocks.push({ kind: 'heading', text: labelOf(deps, p, locale, timeZone) });
    blocks.push({ kind: 'text', text: texts.out[i] ?? p.text });
  });
  const title = t(locale, 'translate.title', {
    customer: customer.name,
    language: languageName(locale, locale),
  });
  return ok({
    locale,
    fallback: title,
    title,
    ...(texts.failed ? {} : { subtitle: t(locale, 'translate.by', { provider: translator.label }) }),
    blocks,
  });
}

async function piecesOf(
  deps: ServiceDeps,
  subject: NonNullable<ReturnType<typeof parseTranslateValue>>,
): Promise<Result<{ customer: Customer; pieces: Piece[] }>> {
  const { store } = deps;
  if (subject.handoffId !== undefined) {
    const h = await store.getHandoff(subject.handoffId);
    const customer = h && (await store.getCustomer(h.customerId));
    if (!h || !customer) return fail('HANDOFF_NOT_FOUND');
    if (customer.erasedAt) return fail('CUSTOMER_NOT_FOUND', { customer: customer.id, suggestions: '' });
    const contacts = await contactNotes(deps, customer.id, (id) => id === h.id);
    return ok({ customer, pieces: [...handoffFreeText(h).map((p) => ({ ...p, handoff: h })), ...contacts] });
  }
  const customer = await store.getCustomer(subject.customerId);
  if (!customer || customer.erasedAt)
    return fail('CUSTOMER_NOT_FOUND', { customer: subject.customerId, suggestions: '' });
  const live = (await store.listHandoffs({ customerId: customer.id })).filter((h) => isLive(h.state));
  const pieces: Piece[] = live.flatMap((h) => handoffFreeText(h).map((p) => ({ ...p, handoff: h })));
  pieces.push(...(await contactNotes(deps, customer.id, () => true)));
  return ok({ customer, pieces });
}

/** Notes logged with contacts (calls, e-mails, meetings), oldest first. */
async function contactNotes(
  deps: ServiceDeps,
  customerId: string,
  belongs: (handoffId: string | undefined) => boolean,
): Promise<Piece[]> {
  const history = await deps.store.history(customerId, { limit: 200 });
  const notes: Piece[] = [];
  for (const e of history) {
    if (e.kind !== 'touchpoint' || !e.entry.note?.trim() || !belongs(e.entry.handoffId)) continue;
    notes.push({
      kind: 'contact',
      text: e.entry.note.trim(),
      ...(e.entry.by ? { by: e.entry.by } : {}),
      at: e.entry.at,
    });
  }
  return notes.slice(-CONTACT_NOTES);
}

function labelOf(deps: ServiceDeps, p: Piece, locale: string, timeZone: string): string {
  const person =
    !p.by || p.by === 'system' || p.by.startsWith('webhook:') ? 'Baton' : deps.dir.personName(p.by);
  switch (p.kind) {
    case 'summary':
    case 'promises':
    case 'risks':
      return fieldLabel(p.kind, locale);
    case 'note':
    case 'notes':
      return t(locale, 'translate.noteFrom', { person });
    case 'declineReason':
      return t(locale, 'translate.declineReason');
    case 'contact':
      return t(locale, 'translate.contactNote', {
        person,
        when: p.at ? formatDate(p.at, locale, timeZone) : '',
      });
  }
}

/**
 * Each text in the reader's language: from the cache, or from one call to
 * the provider for all the rest. Only masked markup leaves Baton and is
 * cached; the reader's copy gets the addresses and numbers back.
 */
async function translateAll(
  deps: ServiceDeps,
  cache: TranslationCache,
  customerId: string,
  pieces: readonly Piece[],
  target: string,
): Promise<{ out: string[]; failed: boolean }> {
  const translator = deps.translator;
  const out = pieces.map((p) => p.text);
  if (!translator) return { out, failed: true };
  const todo = new Map<string, { markup: string; at: number[] }>();
  const masks = pieces.map((p) => mask(p.text));
  for (const [i, p] of pieces.entries()) {
    const m = masks[i];
    if (!m || alreadyIn(p.text, target)) continue;
    const key = cache.keyOf(customerId, m.markup, target);
    const hit = await cache.get(key);
    if (hit !== undefined) {
      out[i] = unmask(hit, m.kept);
      continue;
    }
    const entry = todo.get(key) ?? { markup: m.markup, at: [] };
    entry.at.push(i);
    todo.set(key, entry);
  }
  if (todo.size === 0) return { out, failed: false };
  const asked = [...todo.entries()];
  let answers: string[];
  try {
    answers = await translator.translate(
      asked.map(([, e]) => e.markup),
      target,
    );
    if (answers.length !== asked.length)
      throw new Error(`${answers.length} translations for ${asked.length} texts`);
  } catch (err) {
    deps.log.warn(
      {
        err: errorMessage(err),
        code: isBatonError(err) ? err.code : 'TRANSLATION_UNAVAILABLE',
        provider: translator.label,
      },
      'translation failed; the reader sees the original',
    );
    return { out, failed: true };
  }
  const fresh = asked.map(([key], i) => ({ key, text: answers[i] ?? '' }));
  for (const [j, [, e]] of asked.entries()) {
    for (const i of e.at) out[i] = unmask(answers[j] ?? '', masks[i]?.kept ?? []);
  }
  const stored = await cache.put(fresh, deps.clock.now().toISOString()).catch(() => false);
  if (!stored)
    deps.log.warn(
      { count: fresh.length },
      'could not keep translations; the next click asks the provider again',
    );
  return { out, failed: false };
}
