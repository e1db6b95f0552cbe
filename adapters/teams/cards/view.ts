import type { View, ViewBlock } from '../../../src/cards/model.js';
import { type ActionContext, renderActions } from './actions.js';
import {
  type Ac,
  adaptiveCard,
  cardBytes,
  container,
  factSet,
  LIMIT,
  moreLine,
  openUrlActions,
  ownTextBlock,
  textBlock,
} from './elements.js';
import { translateActions } from './translate.js';

/** Lists longer than this are cut, with a line saying how many were left out. */
const MAX_LIST = 30;

function blockElements(b: ViewBlock, ctx: ActionContext, next: () => number, listMax: number): Ac[] {
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
    case 'list': {
      const shown = b.items.slice(0, listMax).map((item) => {
        const items: Ac[] = [textBlock(item.text, LIMIT.line, { weight: 'Bolder' })];
        if (item.detail)
          items.push(textBlock(item.detail, LIMIT.sectionText, { isSubtle: true, spacing: 'None' }));
        const actions = renderActions(item.actions ?? [], ctx, next());
        if (actions.length > 0) items.push({ type: 'ActionSet', actions });
        const box = container(items, { separator: true });
        // The whole item opens the customer's dashboard page: no link syntax inside outside text.
        return item.url ? { ...box, selectAction: { type: 'Action.OpenUrl', url: item.url } } : box;
      });
      return b.items.length > shown.length ? [...shown, moreLine(b.items.length - shown.length)] : shown;
    }
  }
}

/** `cx <customer>`, `mine`, `gaps`, help: a title and the view's blocks, list items with their buttons. */
export function renderView(view: View, ctx: ActionContext): Ac {
  const c = { ...ctx, locale: view.locale, kind: 'view' as const };
  let listMax = MAX_LIST;
  for (;;) {
    let n = 0;
    const next = () => n++;
    const body: Ac[] = [textBlock(view.title, LIMIT.title, { size: 'Large', weight: 'Bolder' })];
    if (view.subtitle)
      body.push(textBlock(view.subtitle, LIMIT.subtitle, { isSubtle: true, spacing: 'None' }));
    for (const b of view.blocks) body.push(...blockElements(b, c, next, listMax));
    const out = adaptiveCard(body, translateActions(view.translate, c), { fallbackText: view.fallback });
    if (cardBytes(out) <= LIMIT.cardBytes || listMax <= 3) return out;
    listMax = Math.floor(listMax / 2);
  }
}
