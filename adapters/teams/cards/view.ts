import type { View, ViewBlock, ViewListItem } from '../../../src/cards/model.js';
import { type ActionContext, renderActions } from './actions.js';
import {
  type Ac,
  adaptiveCard,
  container,
  factSet,
  jsonBytes,
  LIMIT,
  moreLine,
  openUrlActions,
  ownTextBlock,
  textBlock,
} from './elements.js';
import { translateActions } from './translate.js';

/** Lists longer than this are cut, with a line saying how many were left out. */
const MAX_LIST = 30;

/** One list item: its line, detail and buttons, the whole box opening the customer's page. */
function listItem(item: ViewListItem, ctx: ActionContext, n: number): Ac {
  const items: Ac[] = [textBlock(item.text, LIMIT.line, { weight: 'Bolder' })];
  if (item.detail) items.push(textBlock(item.detail, LIMIT.sectionText, { isSubtle: true, spacing: 'None' }));
  const actions = renderActions(item.actions ?? [], ctx, n);
  if (actions.length > 0) items.push({ type: 'ActionSet', actions });
  const box = container(items, { separator: true });
  // The whole item opens the customer's dashboard page: no link syntax inside outside text.
  return item.url ? { ...box, selectAction: { type: 'Action.OpenUrl', url: item.url } } : box;
}

/** Every block but a list, whose elements depend on how many of its items fit. */
function fixedElements(b: Exclude<ViewBlock, { kind: 'list' }>): Ac[] {
  switch (b.kind) {
    case 'heading':
      return [textBlock(b.text, LIMIT.sectionTitle, { weight: 'Bolder', size: 'Medium', spacing: 'Medium' })];
    case 'text':
      return [b.markup ? ownTextBlock(b.text, LIMIT.sectionText) : textBlock(b.text, LIMIT.sectionText)];
    case 'facts': {
      const f = factSet(b.facts);
      return f ? [f] : [];
    }
    case 'divider':
      return [{ type: 'Container', items: [], separator: true }];
    case 'links': {
      const actions = openUrlActions(b.links);
      return actions.length > 0 ? [{ type: 'ActionSet', actions }] : [];
    }
  }
}

/** An element and the UTF-8 bytes of its JSON, measured once. */
interface Sized {
  el: Ac;
  bytes: number;
}

const sized = (el: Ac): Sized => ({ el, bytes: jsonBytes(el) });

/**
 * `cx <customer>`, `mine`, `gaps`, help: a title and the view's blocks, list
 * items with their buttons. A card over Teams' size shows fewer items (30,
 * 15, 7, then 3), saying how many were left out. A card's JSON is its shell
 * with the body's elements inside `[]`, comma-separated, so its size is the
 * sum of its elements' sizes: each element is rendered and measured once,
 * only as far as a try could still fit, instead of rendering and serialising
 * the whole card again for every try (a `mine` of 20 items with a person
 * picker each went 30, 15, 7, 3).
 */
export function renderView(view: View, ctx: ActionContext): Ac {
  const c = { ...ctx, locale: view.locale, kind: 'view' as const };
  const actions = translateActions(view.translate, c);
  const extra = { fallbackText: view.fallback };
  const shell = jsonBytes(adaptiveCard([], actions, extra));
  const head = [sized(textBlock(view.title, LIMIT.title, { size: 'Large', weight: 'Bolder' }))];
  if (view.subtitle)
    head.push(sized(textBlock(view.subtitle, LIMIT.subtitle, { isSubtle: true, spacing: 'None' })));
  const fixed = view.blocks.map((b) => (b.kind === 'list' ? [] : fixedElements(b).map(sized)));
  // By block, item and input index (which counts the items shown before it, over every list).
  const items = new Map<string, Sized>();
  const itemOf = (block: number, i: number, item: ViewListItem, n: number): Sized => {
    const key = `${block}:${i}:${n}`;
    let s = items.get(key);
    if (!s) {
      s = sized(listItem(item, c, n));
      items.set(key, s);
    }
    return s;
  };
  /** The body with at most `listMax` items a list, or undefined once it is past the limit (unless it is the last try). */
  const bodyFor = (listMax: number): Ac[] | undefined => {
    const last = listMax <= 3;
    const body: Ac[] = [];
    // The shell's `[]` holds each element and a comma between two.
    let bytes = shell - 1;
    const fits = (s: Sized): boolean => {
      body.push(s.el);
      bytes += s.bytes + 1;
      return last || bytes <= LIMIT.cardBytes;
    };
    let n = 0;
    for (const s of head) if (!fits(s)) return undefined;
    for (const [k, b] of view.blocks.entries()) {
      if (b.kind !== 'list') {
        for (const s of fixed[k] ?? []) if (!fits(s)) return undefined;
        continue;
      }
      const shown = Math.min(b.items.length, listMax);
      for (let i = 0; i < shown; i++) {
        const item = b.items[i];
        if (item && !fits(itemOf(k, i, item, n++))) return undefined;
      }
      if (b.items.length > shown && !fits(sized(moreLine(b.items.length - shown)))) return undefined;
    }
    return body;
  };
  for (let listMax = MAX_LIST; ; listMax = Math.floor(listMax / 2)) {
    const body = bodyFor(listMax);
    if (body) return adaptiveCard(body, actions, extra);
  }
}
