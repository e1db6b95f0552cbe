import type { types } from '@slack/bolt';
import type { CardAction, CardLink } from '../../../src/cards/model.js';
import { snoozeChoices } from '../../../src/cards/snooze-choices.js';
import { kept } from '../../../src/kept.js';
import { ACTION_PREFIX, actionId, actionsBlockId } from '../ids.js';
import { LIMIT, plain } from './text.js';

export interface ActionOptions {
  locale: string;
  /** config.snooze.max, an ISO duration */
  snoozeMax: string;
}

export function snoozeOptions(opts: ActionOptions): types.PlainTextOption[] {
  return kept(optionsOf, `${opts.locale}\u0000${opts.snoozeMax}`, 256, () =>
    deepFreeze(
      snoozeChoices(opts.locale, opts.snoozeMax).map((c) => ({
        text: plain(c.label, LIMIT.optionText),
        value: c.value,
      })),
    ),
  );
}

// Every item of a queue offers the same lengths: one frozen list per language and maximum,
// shared by every select that shows it (a message is serialised, never changed in place).
const optionsOf = new Map<string, types.PlainTextOption[]>();

function deepFreeze(options: types.PlainTextOption[]): types.PlainTextOption[] {
  for (const o of options) Object.freeze(Object.freeze(o).text);
  return Object.freeze(options) as types.PlainTextOption[];
}

/**
 * One element per action: a button, except Snooze (a choice of lengths),
 * which acts on the spot without a modal. Reassign is a button too: its
 * modal shows who speaks the customer's language over the people to pick.
 */
function element(a: CardAction, opts: ActionOptions): types.ActionsBlockElement {
  if (a.needsInput === 'snooze') {
    return {
      type: 'static_select',
      action_id: actionId(a.id),
      placeholder: plain(a.label, LIMIT.placeholder),
      options: snoozeOptions(opts),
    };
  }
  const button: types.Button = {
    type: 'button',
    action_id: actionId(a.id),
    text: plain(a.label, LIMIT.buttonText),
    value: a.value.slice(0, LIMIT.buttonValue),
  };
  if (a.style) button.style = a.style;
  return button;
}

/** The actions block for one subject (a card, a notice item), or nothing when it has no actions. */
export function actionsBlock(
  actions: CardAction[],
  index: number,
  opts: ActionOptions,
): types.ActionsBlock | undefined {
  const first = actions[0];
  if (!first) return undefined;
  return {
    type: 'actions',
    block_id: actionsBlockId(index, first.value).slice(0, LIMIT.id),
    elements: actions.slice(0, LIMIT.actionsElements).map((a) => element(a, opts)),
  };
}

/**
 * Buttons that open Baton's own pages. Slack still reports the click; its
 * action_id (`baton:open:<n>`) is acknowledged and nothing else is done.
 */
export function linkButtons(links: CardLink[], index: number): types.KnownBlock[] {
  const elements: types.Button[] = links
    .filter((l) => l.url.length <= LIMIT.url)
    .slice(0, LIMIT.actionsElements)
    .map((l, i) => ({
      type: 'button',
      action_id: `${ACTION_PREFIX}open:${index}:${i}`,
      text: plain(l.label, LIMIT.buttonText),
      url: l.url,
    }));
  return elements.length > 0
    ? [{ type: 'actions', block_id: `${ACTION_PREFIX}links:${index}`, elements }]
    : [];
}
