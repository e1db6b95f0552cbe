import { buildHandoffCard } from '../../src/cards/build-card.js';
import type { HandoffAction } from '../../src/domain/lifecycle.js';
import type { Handoff } from '../../src/domain/types.js';
import { publicUrlOf } from '../../src/services/dashboard-links.js';
import { declinedBy } from '../../src/services/declined-by.js';
import type { Failure } from '../../src/services/deps.js';
import { refusalFor } from '../../src/services/mutate.js';
import { renderCard } from './cards/card.js';
import { type Ac, CARD_CONTENT_TYPE, LIMIT, textBlock } from './cards/elements.js';
import { escapeOutside } from './escape.js';
import { actionContext, type ReaderKey, readerOf } from './render.js';
import type { Caller, TeamsRuntime } from './runtime.js';

/** What an `adaptiveCard/action` invoke answers: Teams shows a card in place of the old one, or a message. */
export interface InvokeAnswer {
  status: number;
  body: unknown;
}

export function cardAnswer(card: Ac): InvokeAnswer {
  return { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } };
}

/** Shown to the person who pressed the button only; the card stays as it is. */
export function messageAnswer(text: string): InvokeAnswer {
  return {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: escapeOutside(text) },
  };
}

/** A card with a line on top: the person's confirmation, or why a form was not taken. */
export function withBanner(card: Ac, text: string, tone: 'good' | 'attention' = 'good'): Ac {
  const banner = textBlock(`${tone === 'good' ? '✅' : '⚠️'} ${text}`, LIMIT.sectionText, {
    weight: 'Bolder',
    color: tone === 'good' ? 'Good' : 'Attention',
  });
  return { ...card, body: [banner, ...((card.body as Ac[] | undefined) ?? [])] };
}

/**
 * The handoff's card as it is now, for the reader it was rendered for:
 * built by the core exactly as the outbox builds its updates, so the card
 * the invoke returns and the one the outbox puts in the channel agree.
 */
export async function currentCard(
  rt: TeamsRuntime,
  h: Handoff,
  reader: ReaderKey | undefined,
): Promise<Ac | undefined> {
  const customer = await rt.store.getCustomer(h.customerId);
  if (!customer) return undefined;
  const r = readerOf(rt.dir, reader, h.to);
  const declined = await declinedBy(rt.store, h);
  const card = buildHandoffCard({
    handoff: h,
    customer,
    dir: rt.dir,
    reader: { locale: r.locale, timeZone: r.timeZone },
    now: rt.services.deps.clock.now(),
    ...(declined ? { declinedBy: declined } : {}),
    publicUrl: publicUrlOf(rt.services.deps),
    translation: rt.services.deps.translator !== undefined,
  });
  const ctx = await actionContext(rt, {
    locale: card.locale,
    reader: r.key,
    kind: 'card',
    actions: [card.actions],
  });
  return renderCard(card, ctx);
}

/** The refusal the service would give, before asking the person to fill in a form for nothing. */
export function precheck(
  rt: TeamsRuntime,
  caller: Caller,
  h: Handoff,
  action: HandoffAction,
): Failure | undefined {
  if (!caller.person) return { code: 'UNKNOWN_USER', vars: { user: caller.userId } };
  return refusalFor(rt.services.deps, h, caller.person, action);
}
