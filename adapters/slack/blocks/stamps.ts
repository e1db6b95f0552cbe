import type { CardStamp } from '../../../src/cards/model.js';
import { replaceStamps } from '../../../src/cards/stamps.js';
import { escapeOutside } from '../escape.js';

/**
 * Slack's date token (docs.slack.dev, "Formatting text for app surfaces",
 * dates): each reader sees the moment in their own zone and language, and
 * `{date_short_pretty}` says "Today" or "Yesterday" only while it is true.
 * The fallback, for clients that cannot format it, is the card's own text,
 * escaped, and can hold neither `|` nor `>`, which would end the token.
 */
export function dateToken(stamp: CardStamp): string | undefined {
  const ms = Date.parse(stamp.at);
  if (!Number.isFinite(ms)) return undefined;
  const format = stamp.style === 'date' ? '{date_short_pretty}' : '{date_short_pretty} {time}';
  const fallback = escapeOutside(stamp.text).replace(/[|>]/g, '/');
  return `<!date^${Math.floor(ms / 1000)}^${format}|${fallback}>`;
}

/**
 * Mrkdwn with each stamp's text (escaped, as the renderer escaped the field
 * around it) replaced by its token. Only Baton's own fields are passed here,
 * and the core records a stamp only when its text occurs nowhere else in
 * them, so no outside text becomes a token. A field the tokens would push
 * past `max` keeps its plain text.
 */
export function withStamps(mrkdwn: string, stamps: readonly CardStamp[] | undefined, max: number): string {
  const out = replaceStamps(mrkdwn, stamps, (s) => escapeOutside(s.text), dateToken);
  return out.length <= max ? out : mrkdwn;
}

/** A mrkdwn text object with its stamps as tokens. */
export function stamped(
  object: { type: 'mrkdwn'; text: string },
  stamps: readonly CardStamp[] | undefined,
  max: number,
): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: withStamps(object.text, stamps, max) };
}
