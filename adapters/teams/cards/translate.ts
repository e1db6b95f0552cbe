import type { TranslateAction } from '../../../src/cards/model.js';
import type { ActionContext, ActionData } from './actions.js';
import { type Ac, cut, LIMIT } from './elements.js';

/** The Translate button's verb: the answer goes to the person who pressed it alone. */
export const TRANSLATE_VERB = 'translate';

/** The Translate button as a Universal Action, or nothing when the card offers none. */
export function translateActions(
  a: TranslateAction | undefined,
  ctx: Pick<ActionContext, 'kind' | 'reader'>,
): Ac[] {
  if (!a) return [];
  const data: ActionData = { baton: 1, v: a.value, k: ctx.kind, r: ctx.reader };
  return [{ type: 'Action.Execute', title: cut(`🌐 ${a.label}`, LIMIT.button), verb: TRANSLATE_VERB, data }];
}
