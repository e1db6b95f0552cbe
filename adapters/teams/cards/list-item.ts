import type { CardAction, ViewListItem } from '../../../src/cards/model.js';
import { kept } from '../../../src/kept.js';
import { type ActionContext, handoffIdOf, pickerBytes, renderActions } from './actions.js';
import { type Ac, container, jsonBytes, LIMIT, textBlock } from './elements.js';

/** One list item: its line, detail and buttons, the whole box opening the customer's page. */
export function listItem(item: ViewListItem, ctx: ActionContext, n: number): Ac {
  const items: Ac[] = [textBlock(item.text, LIMIT.line, { weight: 'Bolder' })];
  if (item.detail) items.push(textBlock(item.detail, LIMIT.sectionText, { isSubtle: true, spacing: 'None' }));
  const actions = renderActions(item.actions ?? [], ctx, n);
  if (actions.length > 0) items.push({ type: 'ActionSet', actions });
  const box = container(items, { separator: true });
  // The whole item opens the customer's dashboard page: no link syntax inside outside text.
  return item.url ? { ...box, selectAction: { type: 'Action.OpenUrl', url: item.url } } : box;
}

/** The value a skeleton's Reassign carries when the item's has people to list (see `skeletonBytes`). */
const LISTED = 'x';
/** Stands in for a people list in a skeleton; its choices are emptied before measuring. */
const SOMEONE = [{ title: '', value: '' }];

/**
 * The UTF-8 bytes of an item's skeleton without its people lists: the item
 * rendered with no line, detail, hint or sender, a one-letter page URL and
 * action values, input index 0. Each of those only adds bytes to the real
 * item (a longer string, a block more), and the rest (the buttons, their
 * labels and inputs) is the same, so the skeleton is at most the item's size.
 */
function skeletonBytes(item: ViewListItem, ctx: ActionContext, listed: readonly boolean[]): number {
  const sets: Ac[] = [];
  const skeleton: ViewListItem = {
    text: '',
    ...(item.url ? { url: 'x' } : {}),
    actions: (item.actions ?? []).map((a, i) => ({ ...a, value: listed[i] ? LISTED : '' })),
  };
  const el = listItem(
    skeleton,
    {
      locale: ctx.locale,
      snoozeMax: ctx.snoozeMax,
      reader: ctx.reader,
      kind: ctx.kind,
      ...(ctx.view ? { view: ctx.view } : {}),
      people: (id) => (id === LISTED ? SOMEONE : []),
      sender: () => '',
      onPicker: (set) => sets.push(set),
    },
    0,
  );
  // Each picker's list is counted by `pickerBytes`, at its own size: here it is `[]`, 2 bytes.
  for (const set of sets) set.choices = [];
  return jsonBytes(el) - 2 * sets.length;
}

/** Skeleton sizes by what shapes them; the same few serve every queue. */
const skeletons = new Map<string, number>();

/**
 * At most the item's size, known without rendering it: its skeleton
 * (measured once per locale, reader and set of buttons) and its people
 * lists, about 0.4 KB under the item in the bench's `mine` (its line,
 * detail, page and values). With these a `mine` card renders only the 3
 * items it shows (measuring them to prove 7 too many), where a floor of the
 * people lists alone had it render and measure 6.
 */
export function itemFloor(item: ViewListItem, ctx: ActionContext): number {
  const actions: CardAction[] = item.actions ?? [];
  const listed = actions.map((a) => a.needsInput === 'person' && ctx.people(handoffIdOf(a.value)).length > 0);
  // Locales, durations, readers and Baton's labels hold no NUL or SOH: joined by them, two shapes never meet.
  let key = `${ctx.locale}\u0000${ctx.snoozeMax}\u0000${ctx.kind}\u0000${ctx.reader}\u0000${item.url ? 1 : 0}`;
  for (const [i, a] of actions.entries())
    key += `\u0000${a.id}\u0001${a.label}\u0001${a.style ?? ''}\u0001${a.needsInput ?? ''}\u0001${listed[i] ? 1 : 0}`;
  return kept(skeletons, key, 1_000, () => skeletonBytes(item, ctx, listed)) + pickerBytes(actions, ctx);
}
