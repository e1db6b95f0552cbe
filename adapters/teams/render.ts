import type { Activity } from 'botbuilder';
import { customerLanguage } from '../../src/cards/context-fields.js';
import type { CardAction, View } from '../../src/cards/model.js';
import { parseActionValue } from '../../src/cards/model.js';
import { reassignChoices } from '../../src/cards/speakers-hint.js';
import type { Directory } from '../../src/config/directory.js';
import type { Handoff } from '../../src/domain/types.js';
import type { Rendered } from '../../src/outbox/notifier.js';
import type { Store } from '../../src/store/store.js';
import type { ActionContext, ActionData } from './cards/actions.js';
import { renderCard } from './cards/card.js';
import { type Ac, CARD_CONTENT_TYPE, cut, md } from './cards/elements.js';
import { renderNotice } from './cards/notice.js';
import { renderView } from './cards/view.js';

/** Teams shows this much of a notification's text; a summary past it only costs bytes. */
const SUMMARY_MAX = 300;
/** A text message (a note in a card's thread); Teams takes far more, people read far less. */
const TEXT_MAX = 4_000;

export function cardActivity(card: Ac, summary?: string): Partial<Activity> {
  return {
    type: 'message',
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
    ...(summary ? { summary: cut(summary, SUMMARY_MAX) } : {}),
  };
}

export function textActivity(text: string): Partial<Activity> {
  return { type: 'message', text: md(cut(text, TEXT_MAX)), textFormat: 'markdown' };
}

/** Whom a message is for, as Action.Execute data carries it: `team:<key>` or `person:<key>`. */
export type ReaderKey = string;

export function readerOf(dir: Directory, key: ReaderKey | undefined, fallbackTeam: string) {
  const [kind, id = ''] = (key ?? '').split(':');
  if (kind === 'person' && dir.person(id)) {
    return {
      key: `person:${id}`,
      locale: dir.personLocale(id),
      timeZone: dir.personTimeZone(id),
      person: id,
    };
  }
  const team = kind === 'team' && dir.team(id) ? id : fallbackTeam;
  return { key: `team:${team}`, locale: dir.teamLocale(team), timeZone: dir.calendar(team).timeZone };
}

/** The handoffs a message's actions act on, and those whose actions include Reassign (the one that lists people). */
function handoffsActedOn(actions: Array<CardAction[] | undefined>): {
  ids: Set<string>;
  reassign: Set<string>;
} {
  const ids = new Set<string>();
  const reassign = new Set<string>();
  for (const list of actions) {
    // An item's buttons carry one value (a queue's 20 items, 80 buttons): parsed once.
    let value: string | undefined;
    let id: string | undefined;
    for (const a of list ?? []) {
      if (a.value !== value) {
        value = a.value;
        id = parseActionValue(a.value)?.handoffId;
      }
      if (!id) continue;
      ids.add(id);
      if (a.needsInput === 'person') reassign.add(id);
    }
  }
  return { ids, reassign };
}

/** Whom a handoff can go to, as the picker lists them, and who speaks the customer's language. */
interface Choices {
  people: ReadonlyArray<{ title: string; value: string }>;
  hint?: string;
}

/**
 * Whom a handoff can go to depends on the config alone (the team, its lead,
 * who speaks what; time off does not change it), the handoff's team and
 * holder, the customer's language and the reader's locale: worked out once
 * for each, until the config changes (a new config is a new object).
 */
const choicesByConfig = new WeakMap<object, Map<string, Choices>>();

function choicesFor(dir: Directory, h: Handoff, language: string | undefined, locale: string): Choices {
  let known = choicesByConfig.get(dir.config);
  if (!known) {
    known = new Map();
    choicesByConfig.set(dir.config, known);
  }
  // Team and person keys, language and locale codes hold no NUL: joined by one, two tuples never meet.
  const key = `${h.to}\u0000${h.owner ?? h.assignee ?? ''}\u0000${language ?? ''}\u0000${locale}`;
  let c = known.get(key);
  if (!c) {
    const r = reassignChoices(dir, { handoff: h, language, locale });
    c = { people: r.people.map((p) => ({ title: p.label, value: p.person })), hint: r.hint };
    if (known.size >= 1_000) known.clear();
    known.set(key, c);
  }
  return c;
}

/**
 * What the actions of a message need beyond the model (who a handoff can go
 * to, who sent it), read once for the handoffs the message shows. Who a
 * handoff can go to is looked up when a button asks for it (a long list
 * shows only the items that fit); a queue's handoffs mostly share it, and
 * their pickers one list.
 */
export async function actionContext(
  deps: { dir: Directory; store: Store },
  opts: {
    locale: string;
    reader: ReaderKey;
    kind: ActionData['k'];
    view?: ActionData['w'];
    actions: Array<CardAction[] | undefined>;
  },
): Promise<ActionContext> {
  const { dir, store } = deps;
  const handoffs = new Map<string, Handoff>();
  const languages = new Map<string, string | undefined>();
  const acted = handoffsActedOn(opts.actions);
  // Two reads for the whole message, not two a handoff: a queue shows twenty.
  const found = acted.ids.size > 0 ? await store.getHandoffs([...acted.ids]) : [];
  for (const h of found) handoffs.set(h.id, h);
  const pickers = found.filter((h) => acted.reassign.has(h.id));
  const customers = new Map(
    (pickers.length > 0 ? await store.getCustomers(pickers.map((h) => h.customerId)) : []).map((c) => [
      c.id,
      c,
    ]),
  );
  for (const h of pickers) {
    const customer = customers.get(h.customerId);
    languages.set(h.id, customer ? customerLanguage(customer, h.context) : undefined);
  }
  // Asked for again when the card is sized and when it is rendered: worked out once a handoff.
  const asked = new Map<string, Choices | undefined>();
  const reassign = (id: string): Choices | undefined => {
    if (asked.has(id)) return asked.get(id);
    const h = handoffs.get(id);
    const c = h && languages.has(id) ? choicesFor(dir, h, languages.get(id), opts.locale) : undefined;
    asked.set(id, c);
    return c;
  };
  return {
    locale: opts.locale,
    snoozeMax: dir.config.snooze.max,
    reader: opts.reader,
    kind: opts.kind,
    ...(opts.view ? { view: opts.view } : {}),
    people(id) {
      // The same list for handoffs that share it: the picker renders and measures it once.
      return reassign(id)?.people ?? [];
    },
    speakers(id) {
      return reassign(id)?.hint;
    },
    sender(id) {
      const s = handoffs.get(id)?.sender;
      return !s || s === 'system' ? 'Baton' : dir.personName(s);
    },
  };
}

/** A queued delivery's content as a Teams activity: an Adaptive Card, or a short text for a note. */
export async function renderedActivity(
  deps: { dir: Directory; store: Store },
  rendered: Rendered,
  reader: ReaderKey,
): Promise<Partial<Activity>> {
  switch (rendered.kind) {
    case 'card': {
      const card = rendered.card;
      const ctx = await actionContext(deps, {
        locale: card.locale,
        reader,
        kind: 'card',
        actions: [card.actions],
      });
      return cardActivity(renderCard(card, ctx), card.fallback);
    }
    case 'notice': {
      const n = rendered.notice;
      const actions = n.items.map((i) => i.actions);
      const ctx = await actionContext(deps, { locale: n.locale, reader, kind: 'notice', actions });
      return cardActivity(renderNotice(n, ctx), n.fallback);
    }
    case 'view':
      return viewActivity(deps, rendered.view, reader);
    case 'text':
      return textActivity(rendered.text);
  }
}

/** A read-only answer (`cx`, `mine`, `gaps`, help) as a card activity. */
export async function viewActivity(
  deps: { dir: Directory; store: Store },
  view: View,
  reader: ReaderKey,
  which?: ActionData['w'],
): Promise<Partial<Activity>> {
  return cardActivity(await viewCard(deps, view, reader, which), view.fallback);
}

/** A view as an Adaptive Card; `which` names the reader's queue, shown again after an action on it. */
export async function viewCard(
  deps: { dir: Directory; store: Store },
  view: View,
  reader: ReaderKey,
  which?: ActionData['w'],
): Promise<Ac> {
  const actions = view.blocks.flatMap((b) => (b.kind === 'list' ? b.items.map((i) => i.actions) : []));
  const ctx = await actionContext(deps, {
    locale: view.locale,
    reader,
    kind: 'view',
    ...(which ? { view: which } : {}),
    actions,
  });
  return renderView(view, ctx);
}
