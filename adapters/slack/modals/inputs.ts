import type { types } from '@slack/bolt';
import { CONTACT_CHANNELS, type ContactChannel } from '../../../src/domain/types.js';
import { t } from '../../../src/i18n/translate.js';
import { LIMIT, md, plain } from '../blocks/text.js';
import { CALLBACK, encodeMeta, type ModalMeta } from '../ids.js';

const VALUE = 'v';
type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

function modal(
  callback: string,
  title: string,
  locale: string,
  meta: ModalMeta,
  blocks: types.KnownBlock[],
): types.ModalView {
  return {
    type: 'modal',
    callback_id: callback,
    title: plain(title, LIMIT.modalTitle),
    submit: plain(t(locale, 'input.submit'), LIMIT.modalTitle),
    close: plain(t(locale, 'action.cancel'), LIMIT.modalTitle),
    private_metadata: encodeMeta(meta),
    blocks,
  };
}

/** Decline asks why: the sender gets the reason and fixes the context. */
export function declineModal(
  locale: string,
  heading: string,
  sender: string,
  meta: ModalMeta,
): types.ModalView {
  return modal(CALLBACK.decline, t(locale, 'action.decline'), locale, meta, [
    { type: 'section', text: md(heading, LIMIT.sectionText) },
    {
      type: 'input',
      block_id: 'reason',
      label: plain(t(locale, 'input.reason', { person: sender }), LIMIT.inputLabel),
      element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: LIMIT.inputValue },
    },
  ]);
}

export function readDecline(values: StateValues): string {
  return values.reason?.[VALUE]?.value?.trim() ?? '';
}

/** Log contact: how (call, email, chat, meeting) and an optional note. */
export function contactModal(locale: string, heading: string, meta: ModalMeta): types.ModalView {
  const options = CONTACT_CHANNELS.map((c) => ({
    text: plain(t(locale, `channel.${c}`), LIMIT.optionText),
    value: c,
  }));
  return modal(CALLBACK.contact, t(locale, 'action.contact'), locale, meta, [
    { type: 'section', text: md(heading, LIMIT.sectionText) },
    {
      type: 'input',
      block_id: 'channel',
      label: plain(t(locale, 'input.channel'), LIMIT.inputLabel),
      element: {
        type: 'static_select',
        action_id: VALUE,
        options,
        ...(options[0] ? { initial_option: options[0] } : {}),
      },
    },
    {
      type: 'input',
      block_id: 'note',
      optional: true,
      label: plain(t(locale, 'input.note'), LIMIT.inputLabel),
      element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: LIMIT.inputValue },
    },
  ]);
}

export function readContact(values: StateValues): { channel: ContactChannel; note?: string } {
  const picked = values.channel?.[VALUE]?.selected_option?.value;
  const channel = (CONTACT_CHANNELS as readonly string[]).includes(picked ?? '')
    ? (picked as ContactChannel)
    : 'call';
  const note = values.note?.[VALUE]?.value?.trim();
  return { channel, ...(note ? { note } : {}) };
}

/** A phrase proposal without a known customer asks which customer first, then shows the handoff form. */
export function pickCustomerModal(
  locale: string,
  heading: string,
  label: string,
  meta: ModalMeta,
): types.ModalView {
  return modal(CALLBACK.pickCustomer, t(locale, 'action.confirm'), locale, meta, [
    { type: 'section', text: md(heading, LIMIT.sectionText) },
    {
      type: 'input',
      block_id: 'customer',
      label: plain(label, LIMIT.inputLabel),
      element: { type: 'plain_text_input', action_id: VALUE, max_length: 200 },
    },
  ]);
}

export function readCustomer(values: StateValues): string {
  return values.customer?.[VALUE]?.value?.trim() ?? '';
}
