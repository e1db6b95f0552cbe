import { truncate } from '../../../src/cards/truncate.js';
import { kept } from '../../../src/kept.js';
import { outside, plainText, TEXT_MAX } from '../escape.js';

/** Block Kit's limits (docs.slack.dev, "Block Kit reference"); every renderer cuts to these. */
export const LIMIT = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3_000,
  field: 2_000,
  fields: 10,
  contextText: 2_000,
  contextElements: 10,
  header: 150,
  buttonText: 75,
  buttonValue: 2_000,
  url: 3_000,
  id: 255,
  actionsElements: 25,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2_000,
  inputValue: 3_000,
  modalTitle: 24,
  privateMetadata: 3_000,
  fallback: TEXT_MAX,
} as const;

/** Outside text as mrkdwn within `max` (see escape.ts: the one place Slack text is escaped). */
export const mrkdwn = (raw: string, max: number): string => outside(raw, max);

/** Plain text for headers, buttons, labels: never empty (Slack refuses empty text objects). */
export function plain(raw: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: plainOf(raw, max), emoji: true };
}

// A queue's 20 items carry the same few labels (Accept, Decline, Snooze, "1 hour"): each short
// label's text is worked out once per limit. Long text (a header, a title) is rarely repeated.
const SHORT = 80;
const plainTexts = new Map<number, Map<string, string>>();

function plainOf(raw: string, max: number): string {
  if (raw.length > SHORT) return plainFresh(raw, max);
  let byRaw = plainTexts.get(max);
  if (!byRaw) {
    byRaw = new Map();
    plainTexts.set(max, byRaw);
  }
  return kept(byRaw, raw, 2_000, () => plainFresh(raw, max));
}

function plainFresh(raw: string, max: number): string {
  return truncate(plainText(raw.replace(/\s+/g, ' ').trim()), max) || '…';
}

/** A mrkdwn text object; `prefix` is already-formatted mrkdwn (bold labels, emoji) kept whole. */
export function md(raw: string, max: number, prefix = ''): { type: 'mrkdwn'; text: string } {
  const body = mrkdwn(raw, Math.max(1, max - prefix.length));
  return { type: 'mrkdwn', text: `${prefix}${body}` || '…' };
}

/** `*Label*` then the value on the next line, the whole within `max`. */
export function labelled(label: string, value: string, max: number): { type: 'mrkdwn'; text: string } {
  return md(value, max, `*${mrkdwn(label, 200)}*\n`);
}

/** A mrkdwn link; a URL that cannot be written as one is left out. */
export function link(url: string, label: string): string | undefined {
  if (url.length > 2_000 || /[\s|<>]/.test(url)) return undefined;
  return `<${url}|${mrkdwn(label.replace(/[|]/g, '/'), 200)}>`;
}

/** Cuts a list of blocks to `max`, saying how many were left out; `keepLast` blocks (buttons) always stay. */
export function capBlocks<T>(blocks: T[], max: number, keepLast: number, more: (left: number) => T): T[] {
  if (blocks.length <= max) return blocks;
  const tail = keepLast > 0 ? blocks.slice(-keepLast) : [];
  const body = blocks.slice(0, blocks.length - keepLast);
  const room = max - tail.length - 1;
  return [...body.slice(0, room), more(body.length - room), ...tail];
}

/** Bold mrkdwn within `max`, after an optional prefix (an emoji). */
export function bold(raw: string, max: number, prefix = ''): { type: 'mrkdwn'; text: string } {
  const body = mrkdwn(raw.trim(), Math.max(1, max - prefix.length - 2));
  return { type: 'mrkdwn', text: `${prefix}*${body}*` };
}
