import type { types } from '@slack/bolt';
import type { CardAction } from '../../../src/cards/model.js';
import { formatDuration } from '../../../src/i18n/translate.js';
import { parseDuration } from '../../../src/time/duration.js';
import { actionId, actionsBlockId } from '../ids.js';
import { LIMIT, plain } from './text.js';

/** The snooze choices offered, cut to the configured maximum. */
const SNOOZE_CHOICES = ['PT1H', 'PT4H', 'P1D', 'P2D', 'P7D'];

export interface ActionOptions {
  locale: string;
  /** config.snooze.max, an ISO duration */
  snoozeMax: string;
}

function durationMs(iso: string): number {
  const d = parseDuration(iso);
  return d.days * 86_400_000 + d.ms;
}

export function snoozeOptions(opts: ActionOptions): types.PlainTextOption[] {
  let max = Number.POSITIVE_INFINITY;
  try {
    max = durationMs(opts.snoozeMax);
  } catch {
    // An unreadable maximum is the service's to refuse; offer the usual choices.
  }
  const fitting = SNOOZE_CHOICES.filter((c) => durationMs(c) <= max);
  const choices = fitting.length > 0 ? fitting : [opts.snoozeMax];
  return choices.map((c) => ({
    text: plain(formatDuration(durationMs(c), opts.locale), LIMIT.optionText),
    value: c,
  }));
}

/**
 * One element per action: a button, except Reassign (a people picker) and
 * Snooze (a choice of lengths), which act on the spot without a modal.
 */
function element(a: CardAction, opts: ActionOptions): types.ActionsBlockElement {
  if (a.needsInput === 'person') {
    return {
      type: 'users_select',
      action_id: actionId(a.id),
      placeholder: plain(a.label, LIMIT.placeholder),
    };
  }
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
