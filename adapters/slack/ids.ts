import type { CardActionId } from '../../src/cards/model.js';

/**
 * Every action_id and callback_id Baton puts on Slack starts with `baton:`,
 * so one listener takes them all and nothing else is mistaken for ours.
 */
export const ACTION_PREFIX = 'baton:';
export const actionId = (id: CardActionId | 'start-phrase'): string => `${ACTION_PREFIX}${id}`;

/** Selects carry no value of their own: the subject rides in the block_id, `baton:<n>:<value>`. */
export const actionsBlockId = (index: number, value: string): string => `${ACTION_PREFIX}${index}:${value}`;

export function valueFromBlockId(blockId: string | undefined): string | undefined {
  const m = /^baton:\d+:(.+)$/.exec(blockId ?? '');
  return m?.[1];
}

export const CALLBACK = {
  handoff: 'baton:handoff',
  decline: 'baton:decline',
  contact: 'baton:contact',
  pickCustomer: 'baton:pick-customer',
  reassign: 'baton:reassign-to',
} as const;

/**
 * What a modal remembers between opening and submit. Short keys: Slack
 * keeps at most 3,000 characters of private_metadata.
 */
export interface ModalMeta {
  /** handoff form: a new handoff, or confirming / resending an existing one */
  k?: 'new' | 'confirm' | 'resend';
  /** handoff id and the version the person saw */
  h?: string;
  v?: number;
  /** customer id */
  c?: string;
  /** target team, target person (person key), sending team */
  t?: string;
  p?: string;
  f?: string;
  /** playbook id (phrase proposals without a customer) */
  pb?: string;
  /** the channel message a phrase was seen in */
  sc?: string;
  sm?: string;
  /** where to confirm: the response_url of the command or button, and the channel it came from */
  r?: string;
  ch?: string;
  /** opened from the App Home: refresh it after the change */
  home?: 1;
}

export function encodeMeta(meta: ModalMeta): string {
  const text = JSON.stringify(meta);
  if (text.length <= 3_000) return text;
  // A response_url is the only long member; without it the confirmation goes by DM.
  const { r: _r, ...rest } = meta;
  return JSON.stringify(rest);
}

export function decodeMeta(text: string | undefined): ModalMeta {
  try {
    const v: unknown = JSON.parse(text ?? '{}');
    return v && typeof v === 'object' ? (v as ModalMeta) : {};
  } catch {
    return {};
  }
}
