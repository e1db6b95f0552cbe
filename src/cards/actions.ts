import type { Handoff, HandoffState } from '../domain/types.js';
import { type MessageKey, t } from '../i18n/translate.js';
import { actionValue, type CardAction, type CardActionId, customerActionValue } from './model.js';

type ActionSpec = Pick<CardAction, 'id' | 'style' | 'needsInput'>;

/**
 * The buttons each state offers, and nothing else: a button the service
 * would refuse is a button that only produces an error message.
 */
const BY_STATE: Record<HandoffState, readonly ActionSpec[]> = {
  proposed: [{ id: 'confirm', style: 'primary' }, { id: 'cancel' }],
  open: [
    { id: 'accept', style: 'primary' },
    { id: 'decline', style: 'danger', needsInput: 'reason' },
    { id: 'reassign', needsInput: 'person' },
    { id: 'snooze', needsInput: 'snooze' },
  ],
  accepted: [
    { id: 'contact', style: 'primary', needsInput: 'contact' },
    { id: 'reassign', needsInput: 'person' },
    { id: 'snooze', needsInput: 'snooze' },
  ],
  contacted: [
    { id: 'complete', style: 'primary' },
    { id: 'contact', needsInput: 'contact' },
    { id: 'reassign', needsInput: 'person' },
  ],
  declined: [{ id: 'resend', style: 'primary' }, { id: 'cancel' }],
  done: [],
  cancelled: [],
};

const LABEL: Record<CardActionId, MessageKey> = {
  confirm: 'action.confirm',
  accept: 'action.accept',
  decline: 'action.decline',
  reassign: 'action.reassign',
  contact: 'action.contact',
  snooze: 'action.snooze',
  complete: 'action.complete',
  cancel: 'action.cancel',
  resend: 'action.resend',
};

function toAction(spec: ActionSpec, value: string, locale: string): CardAction {
  return {
    id: spec.id,
    label: t(locale, LABEL[spec.id]),
    ...(spec.style ? { style: spec.style } : {}),
    value,
    ...(spec.needsInput ? { needsInput: spec.needsInput } : {}),
  };
}

/** The buttons for a handoff in its current state, carrying its version so stale clicks are caught. */
export function handoffActions(handoff: Handoff, locale: string): CardAction[] {
  const value = actionValue(handoff.id, handoff.version);
  return BY_STATE[handoff.state].map((spec) => toAction(spec, value, locale));
}

/** A customer with no open handoff can still be contacted: the cadence follow-up's one button. */
export function customerActions(customerId: string, locale: string): CardAction[] {
  return [
    toAction(
      { id: 'contact', style: 'primary', needsInput: 'contact' },
      customerActionValue(customerId),
      locale,
    ),
  ];
}
