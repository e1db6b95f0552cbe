import type { types } from '@slack/bolt';
import type { TranslateAction } from '../../../src/cards/model.js';
import { ACTION_PREFIX } from '../ids.js';
import { LIMIT, plain } from './text.js';

/** The Translate button's action_id; its value names the handoff or customer. */
export const TRANSLATE_ACTION = `${ACTION_PREFIX}translate`;

function button(a: TranslateAction): types.Button {
  return {
    type: 'button',
    action_id: TRANSLATE_ACTION,
    text: plain(`🌐 ${a.label}`, LIMIT.buttonText),
    value: a.value.slice(0, LIMIT.buttonValue),
  };
}

/** Adds the Translate button to an actions block (making one when there is none), keeping Block Kit's limit. */
export function withTranslate(
  actions: types.ActionsBlock | undefined,
  a: TranslateAction | undefined,
  blockId: string,
): types.ActionsBlock | undefined {
  if (!a) return actions;
  if (!actions) return { type: 'actions', block_id: blockId.slice(0, LIMIT.id), elements: [button(a)] };
  return { ...actions, elements: [...actions.elements.slice(0, LIMIT.actionsElements - 1), button(a)] };
}
