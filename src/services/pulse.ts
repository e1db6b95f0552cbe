import { createHash } from 'node:crypto';
import { escalationLeads, LIVE_WINDOWS, liveWindow, nudgeRecipient } from '../domain/lifecycle.js';
import type { Customer, FollowUp, Handoff, PulseAnswer } from '../domain/types.js';
import { catalogLanguage, t } from '../i18n/translate.js';
import type { AuditEntry, ChangeSet, Store } from '../store/store.js';
import { type AuditAction, customerAudit } from './audit.js';
import { cardUpdates, type DeliveryContext, directMessage, newDelivery } from './deliveries.js';
import { fail, ok, type Result } from './deps.js';
import type { ActionDeps } from './mutate.js';

/** The delivery platform of mails to customers: the mail adapter's notifier carries it. */
export const MAIL_PLATFORM = 'mail';
/** How long the answer links in a pulse mail work. */
export const PULSE_LINK_TTL_MS = 30 * 86_400_000;

const UNSUBSCRIBED = 'pulse-unsubscribed';

/** Answers that say the customer is not looked after: the owner and the lead are told at once. */
export const REOPENS: ReadonlySet<PulseAnswer> = new Set(['need-help', 'not-yet']);

/** The key contact: the first of the customer's contacts with an e-mail address. */
export function keyContactEmail(c: Customer): string | undefined {
  return c.contacts.find((x) => x.email?.includes('@'))?.email?.trim();
}

/**
 * The contact as links and the unsubscribe list name them: a SHA-256 digest
 * of the address, so neither a link nor the store's list holds the address.
 */
export function contactDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

export async function isUnsubscribed(store: Store, digest: string): Promise<boolean> {
  return (await store.getKv(UNSUBSCRIBED, digest)) !== undefined;
}

/**
 * The tick's change for a due pulse: the mail queued for the customer's key
 * contact, in the commit that marks the pulse sent. With no address, an
 * unsubscribed contact or no mail adapter it is marked sent all the same
 * (nothing is owed twice) and the audit says why nothing went out.
 */
export async function pulseQueued(
  deps: ActionDeps,
  f: FollowUp,
  h: Handoff,
  c: Customer,
  dctx: DeliveryContext,
): Promise<ChangeSet> {
  const email = keyContactEmail(c);
  const reason = !email
    ? 'no-email'
    : (await isUnsubscribed(deps.store, contactDigest(email)))
      ? 'unsubscribed'
      : !dctx.platforms.includes(MAIL_PLATFORM)
        ? 'no-mail'
        : undefined;
  if (reason) {
    deps.log.warn({ handoff: h.id, reason }, 'pulse question not mailed');
    return {
      followUpsSent: [f.id],
      audit: [customerAudit(deps.ids, dctx.now, 'system', 'pulse.skipped', c.id, { handoff: h.id, reason })],
    };
  }
  const delivery = newDelivery(
    dctx,
    `${f.id}:mail`,
    MAIL_PLATFORM,
    { kind: 'address', conversationId: c.id },
    { type: 'pulse-mail', handoffId: h.id },
  );
  return {
    followUpsSent: [f.id],
    deliveries: [delivery],
    audit: [
      pulseAudit(deps, dctx.now, 'system', 'pulse.sent', h, {
        language: pulseLocale(c),
      }),
    ],
  };
}

/** The customer's catalog language: Korean or English (any other language reads English). */
export const pulseLocale = (c: Customer): string => catalogLanguage(c.language ?? 'en');

export interface PulseMail {
  to: string;
  locale: string;
  digest: string;
  subject: string;
  /** Paragraphs before the answers. */
  intro: string[];
  choices: Array<{ answer: PulseAnswer; label: string }>;
  linksNote: string;
  signature: string;
}

/**
 * The pulse mail as it is to be sent now, or undefined when it must not go
 * (the customer erased, no address any more, unsubscribed meanwhile).
 */
export async function pulseMailOf(
  deps: { store: Store },
  handoffId: string,
): Promise<{ mail: PulseMail; handoff: Handoff } | undefined> {
  const h = await deps.store.getHandoff(handoffId);
  const c = h && (await deps.store.getCustomer(h.customerId));
  if (!h || !c || c.erasedAt) return undefined;
  const to = keyContactEmail(c);
  if (!to) return undefined;
  const digest = contactDigest(to);
  if (await isUnsubscribed(deps.store, digest)) return undefined;
  const loc = pulseLocale(c);
  return {
    handoff: h,
    mail: {
      to,
      locale: loc,
      digest,
      subject: t(loc, 'pulse.mail.subject'),
      intro: [t(loc, 'pulse.mail.greeting'), t(loc, 'pulse.mail.intro'), t(loc, 'pulse.question')],
      choices: (['helped', 'need-help', 'not-yet'] as const).map((answer) => ({
        answer,
        label: t(loc, `pulse.choice.${answer}`),
      })),
      linksNote: t(loc, 'pulse.mail.linksNote'),
      signature: t(loc, 'pulse.mail.signature'),
    },
  };
}

/** What a signed pulse link names: the handoff asked about and the contact it was mailed to. */
export interface PulseSubject {
  handoffId: string;
  digest: string;
}

/** The language of the answer pages (the customer's, without showing who they are), and whether the question is still open. */
export async function pulsePage(
  deps: { store: Store },
  handoffId: string,
): Promise<{ locale: string; open: boolean }> {
  const h = await deps.store.getHandoff(handoffId);
  const c = h && (await deps.store.getCustomer(h.customerId));
  return { locale: c ? pulseLocale(c) : 'en', open: Boolean(c && !c.erasedAt) };
}

/**
 * Records the customer's answer. `need-help` and `not-yet` reopen the
 * customer at once: their contact is owed now (`contactDueAt`, so /cx gaps
 * lists a post-purchase customer), the owner and the receiving lead get a
 * direct message, and the card says it in its thread. A later answer
 * replaces the earlier one (each is audited); the same answer twice changes
 * nothing.
 */
export async function answerPulse(
  deps: ActionDeps,
  input: PulseSubject & { answer: PulseAnswer },
): Promise<Result<{ answer: PulseAnswer; reopened: boolean; changed: boolean }>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const h = await deps.store.getHandoff(input.handoffId);
    const c = h && (await deps.store.getCustomer(h.customerId));
    if (!h || !c || c.erasedAt) return fail('HANDOFF_NOT_FOUND', { handoff: input.handoffId });
    const reopened = REOPENS.has(input.answer);
    if (h.pulse?.answer === input.answer) return ok({ answer: input.answer, reopened, changed: false });
    const now = deps.clock.now();
    const at = now.toISOString();
    const dctx: DeliveryContext = { dir: deps.dir, ids: deps.ids, now: at, platforms: deps.platforms };
    const answered: Handoff = {
      ...h,
      pulse: { answer: input.answer, answeredAt: at },
      updatedAt: at,
      version: h.version + 1,
    };
    const note = { event: 'pulse' as const, actor: 'system', detail: input.answer };
    const change: ChangeSet = {
      handoffs: [{ value: answered, expectedVersion: h.version }],
      deliveries: cardUpdates(dctx, answered, await deps.store.listCardRefs(h.id), note),
      audit: [
        pulseAudit(deps, at, 'customer', 'pulse.answered', answered, {
          answer: input.answer,
          ...(h.pulse ? { previous: h.pulse.answer } : {}),
        }),
      ],
    };
    // Told once per reopening: a change between the two reopening answers is on the card, not a second DM.
    if (reopened && !(h.pulse && REOPENS.has(h.pulse.answer))) {
      change.customers = [
        {
          value: { ...c, contactDueAt: at, updatedAt: at, version: c.version + 1 },
          expectedVersion: c.version,
        },
      ];
      for (const person of toldOf(deps, answered, c))
        change.deliveries?.push(
          ...directMessage(dctx, `${h.id}:pulse:${now.getTime()}:${person}`, person, {
            type: 'note',
            handoffId: h.id,
            ...note,
          }),
        );
    }
    const r = await deps.store.commit(change);
    if (r.ok) return ok({ answer: input.answer, reopened, changed: true });
    if (r.reason !== 'conflict') return fail('BUSY');
  }
  return fail('BUSY');
}

/** The owner (else who was asked to accept) and the receiving lead, as the lifecycle's pulse window names them. */
function toldOf(deps: ActionDeps, h: Handoff, c: Customer): string[] {
  const w = liveWindow(h.state, 'pulse') ?? LIVE_WINDOWS.contacted.find((x) => x.window === 'pulse');
  if (!w) return [];
  const people: string[] = [];
  const first = nudgeRecipient(deps.dir, h, w.nudge);
  if (first.kind === 'person') people.push(first.person);
  for (const l of escalationLeads(deps.dir, h, w, c.postPurchase))
    if (!people.includes(l.person)) people.push(l.person);
  return people;
}

/**
 * The contact asks for no more pulse mails (RFC 8058 one-click, or the page's
 * button). Kept by the address's digest, so it holds for every customer the
 * address is a contact of. Audited once.
 */
export async function unsubscribePulse(deps: ActionDeps, input: PulseSubject): Promise<Result<true>> {
  const h = await deps.store.getHandoff(input.handoffId);
  if (await isUnsubscribed(deps.store, input.digest)) return ok(true);
  const at = deps.clock.now().toISOString();
  const r = await deps.store.commit({
    kvInsert: [{ ns: UNSUBSCRIBED, key: input.digest, value: { at } }],
    ...(h
      ? {
          audit: [
            customerAudit(deps.ids, at, 'customer', 'pulse.unsubscribed', h.customerId, { handoff: h.id }),
          ],
        }
      : {}),
  });
  if (r.ok || (await isUnsubscribed(deps.store, input.digest))) return ok(true);
  return fail('BUSY');
}

/** An audit entry about a handoff's pulse, on the customer's timeline. */
function pulseAudit(
  deps: Pick<ActionDeps, 'ids'>,
  at: string,
  actor: string,
  action: AuditAction & `pulse.${string}`,
  h: Handoff,
  details: Record<string, unknown>,
): AuditEntry {
  return {
    id: deps.ids('aud'),
    at,
    actor,
    action,
    subject: { type: 'handoff', id: h.id },
    customerId: h.customerId,
    details: { state: h.state, version: h.version, ...details },
  };
}
