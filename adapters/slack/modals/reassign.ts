import type { types } from '@slack/bolt';
import { t } from '../../../src/i18n/translate.js';
import { LIMIT, md, plain } from '../blocks/text.js';
import { CALLBACK, encodeMeta, type ModalMeta } from '../ids.js';

const VALUE = 'v';
const PERSON_BLOCK = 'person';
/** Slack shows at most this many options in a static select. */
const MAX_OPTIONS = 100;

export interface ReassignModalInput {
  locale: string;
  heading: string;
  /** Who speaks the customer's language ("Speaks Korean in Delivery: Jae-won Kim"), above the picker. */
  speakers?: string;
  /** Whom the handoff can go to, speakers of the customer's language first and labelled. */
  people: Array<{ person: string; label: string }>;
  meta: ModalMeta;
}

/**
 * Reassign: the people of the receiving team as a choice, with who speaks
 * the customer's language shown over it, so the pick is an informed one.
 */
export function reassignModal(input: ReassignModalInput): types.ModalView {
  const { locale } = input;
  const blocks: types.KnownBlock[] = [{ type: 'section', text: md(input.heading, LIMIT.sectionText) }];
  if (input.speakers)
    blocks.push({ type: 'context', elements: [md(input.speakers, LIMIT.contextText, ':speech_balloon: ')] });
  blocks.push({
    type: 'input',
    block_id: PERSON_BLOCK,
    label: plain(t(locale, 'input.person'), LIMIT.inputLabel),
    element: {
      type: 'static_select',
      action_id: VALUE,
      options: input.people.slice(0, MAX_OPTIONS).map((p) => ({
        text: plain(p.label, LIMIT.optionText),
        value: p.person.slice(0, LIMIT.optionValue),
      })),
    },
  });
  return {
    type: 'modal',
    callback_id: CALLBACK.reassign,
    title: plain(t(locale, 'action.reassign'), LIMIT.modalTitle),
    submit: plain(t(locale, 'input.submit'), LIMIT.modalTitle),
    close: plain(t(locale, 'action.cancel'), LIMIT.modalTitle),
    private_metadata: encodeMeta(input.meta),
    blocks,
  };
}

type StateValues = Record<string, Record<string, { selected_option?: { value: string } | null }>>;

/** The person key picked; empty when none was. Whether it names someone is the caller's check. */
export function readReassign(values: StateValues): string {
  return values[PERSON_BLOCK]?.[VALUE]?.selected_option?.value?.trim() ?? '';
}
