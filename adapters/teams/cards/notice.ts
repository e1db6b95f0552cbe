import type { Notice } from '../../../src/cards/model.js';
import { type ActionContext, renderActions } from './actions.js';
import { type Ac, adaptiveCard, cardBytes, container, LIMIT, moreLine, textBlock } from './elements.js';
import { stampedBlock } from './stamps.js';
import { translateActions } from './translate.js';

function itemBlock(
  item: Notice['items'][number],
  n: number,
  ctx: ActionContext,
  single: boolean,
  stamps: Notice['stamps'],
): Ac {
  const items: Ac[] = [
    textBlock(item.title, LIMIT.title, { weight: 'Bolder' }),
    stampedBlock(textBlock(item.detail, LIMIT.sectionText, { spacing: 'Small' }), stamps),
  ];
  if (item.due) {
    const due = textBlock(`⏰ ${item.due}`, LIMIT.line, {
      spacing: 'Small',
      ...(item.overdue ? { color: 'Attention', weight: 'Bolder' } : { isSubtle: true }),
    });
    items.push(stampedBlock(due, stamps));
  }
  // One item's inputs need no index; in a digest each item's inputs are told apart by theirs.
  const actions = [
    ...renderActions(item.actions, ctx, single ? undefined : n),
    ...translateActions(item.translate, ctx),
  ];
  if (actions.length > 0) items.push({ type: 'ActionSet', actions });
  return container(items, {
    ...(n > 0 ? { separator: true } : {}),
    spacing: 'Medium',
    ...(item.overdue ? { style: 'attention' } : {}),
  });
}

/**
 * A reminder, escalation, digest or proposal: each due item with its own
 * buttons, most overdue first (the core's order). A digest too long for one
 * message shows as many items as fit and says how many more there are.
 */
export function renderNotice(notice: Notice, ctx: ActionContext): Ac {
  const head: Ac[] = [
    textBlock(
      `${notice.kind === 'escalation' ? '🚨 ' : notice.kind === 'nudge' ? '⏰ ' : ''}${notice.title}`,
      LIMIT.title,
      {
        size: 'Medium',
        weight: 'Bolder',
      },
    ),
  ];
  const single = notice.items.length === 1;
  // A single reminder's text is its item's detail: shown once, under the item's title.
  if (notice.text && !single)
    head.push(stampedBlock(textBlock(notice.text, LIMIT.sectionText, { spacing: 'Small' }), notice.stamps));
  const c = { ...ctx, locale: notice.locale };
  const blocks = notice.items.map((item, n) => itemBlock(item, n, c, single, notice.stamps));
  let keep = blocks.length;
  for (;;) {
    const shown = blocks.slice(0, keep);
    if (keep < blocks.length) shown.push(moreLine(blocks.length - keep));
    const out = adaptiveCard([...head, ...shown], [], { fallbackText: notice.fallback });
    if (cardBytes(out) <= LIMIT.cardBytes || keep <= 1) return out;
    keep--;
  }
}
