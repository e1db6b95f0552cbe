import type { CardStamp } from '../../../src/cards/model.js';
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

const regexQuote = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Mrkdwn with each stamp's text (escaped, as the renderer escaped the field
 * around it) replaced by its token. Only Baton's own fields are passed here,
 * and the core records a stamp only when its text occurs nowhere else in
 * them, so no outside text becomes a token. Longer texts are matched first
 * (a day inside a day and time), and a field the tokens would push past
 * `max` keeps its plain text.
 */
export function withStamps(mrkdwn: string, stamps: readonly CardStamp[] | undefined, max: number): string {
  if (!stamps || stamps.length === 0) return mrkdwn;
  const tokens = new Map<string, string>();
  for (const s of stamps) {
    const token = dateToken(s);
    const text = escapeOutside(s.text);
    if (token && text && !tokens.has(text)) tokens.set(text, token);
  }
  if (tokens.size === 0) return mrkdwn;
  const pattern = [...tokens.keys()]
    .sort((a, b) => b.length - a.length)
    .map(regexQuote)
    .join('|');
  const out = mrkdwn.replace(new RegExp(pattern, 'g'), (m) => tokens.get(m) ?? m);
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
