import type { View, ViewBlock, ViewListItem } from '../../../src/cards/model.js';
import { type ActionContext, renderedBytes } from './actions.js';
import {
  type Ac,
  adaptiveCard,
  factSet,
  jsonBytes,
  LIMIT,
  moreLine,
  openUrlActions,
  ownTextBlock,
  textBlock,
} from './elements.js';
import { itemFloor, listItem } from './list-item.js';
import { translateActions } from './translate.js';

/** Lists longer than this are cut, with a line saying how many were left out. */
const MAX_LIST = 30;

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

/** A list item at its place in the card; rendered, measured and bounded at most once. */
interface Placed {
  item: ViewListItem;
  n: number;
  el?: Ac;
  /** The person pickers inside `el`. */
  pickers?: Ac[];
  bytes?: number;
  /** At most its size, known without rendering it (`itemFloor`). */
  floor?: number;
}

/**
 * `cx <customer>`, `mine`, `gaps`, help: a title and the view's blocks, list
 * items with their buttons. A card over Teams' size shows fewer items (30,
 * 15, 7, then 3), saying how many were left out. A card's JSON is its shell
 * with the body's elements inside `[]`, comma-separated, so its size is the
 * sum of its elements' sizes. A try is first summed with each item not yet
 * measured at its floor (its buttons' skeleton and its pickers' people lists,
 * each measured once for all the items that share it): over the limit, it
 * fails without rendering an item; else items are measured one by one until
 * it is proven over or under. The last try is not measured. A `mine` of 20
 * items with a person picker each (the bench's) fails 30 and 15 on its first
 * floors, and 7 after measuring the first 3 items: it renders only the 3 it
 * shows, the same card as measuring every element of every try.
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
  const placed = new Map<string, Placed>();
  const place = (block: number, i: number, item: ViewListItem, n: number): Placed => {
    const key = `${block}:${i}:${n}`;
    let p = placed.get(key);
    if (!p) {
      p = { item, n };
      placed.set(key, p);
    }
    return p;
  };
  const render = (p: Placed): Ac => {
    if (!p.el) {
      const pickers: Ac[] = [];
      p.el = listItem(p.item, { ...c, onPicker: (set) => pickers.push(set) }, p.n);
      p.pickers = pickers;
    }
    return p.el;
  };
  /** The body's parts with at most `listMax` items a list, in order. */
  const partsFor = (listMax: number): Array<Sized | Placed> => {
    const parts: Array<Sized | Placed> = [...head];
    let n = 0;
    for (const [k, b] of view.blocks.entries()) {
      if (b.kind !== 'list') {
        parts.push(...(fixed[k] ?? []));
        continue;
      }
      const shown = Math.min(b.items.length, listMax);
      for (let i = 0; i < shown; i++) {
        const item = b.items[i];
        if (item) parts.push(place(k, i, item, n++));
      }
      if (b.items.length > shown) parts.push(sized(moreLine(b.items.length - shown)));
    }
    return parts;
  };
  /** Whether the parts fit the limit, measuring no more items than it takes to tell. */
  const fits = (parts: Array<Sized | Placed>): boolean => {
    // The shell's `[]` holds each element and a comma between two.
    let bytes = shell - 1 + parts.length;
    const unmeasured: Placed[] = [];
    for (const part of parts) {
      if ('item' in part && part.bytes === undefined) unmeasured.push(part);
      else bytes += part.bytes ?? 0;
    }
    // Floors in order, until they prove the try over: a `mine` card of 20 needs 8 or so.
    for (const p of unmeasured) {
      p.floor ??= itemFloor(p.item, c);
      bytes += p.floor;
      if (bytes > LIMIT.cardBytes) return false;
    }
    for (const p of unmeasured) {
      if (bytes > LIMIT.cardBytes) return false;
      p.bytes = renderedBytes(render(p), p.pickers ?? []);
      bytes += p.bytes - (p.floor ?? 0);
    }
    return bytes <= LIMIT.cardBytes;
  };
  for (let listMax = MAX_LIST; ; listMax = Math.floor(listMax / 2)) {
    const parts = partsFor(listMax);
    if (listMax <= 3 || fits(parts)) {
      const body = parts.map((part) => ('item' in part ? render(part) : part.el));
      return adaptiveCard(body, actions, extra);
    }
  }
}
