import { truncate } from '../../src/cards/truncate.js';

/**
 * The one place Slack text is made safe. Everything Baton shows comes from
 * outside at least in part (a customer's name in a sentence, a note, a
 * decline reason, a CRM field), so every string is escaped unless Baton wrote
 * all of it as mrkdwn on purpose (`ownMrkdwn`). Renderers build their own
 * markup (bold labels, emoji, Baton's links) around escaped text.
 */

const ZWSP = '\u200B';

/** The top-level `text` of a message: Slack cuts at 40,000; notifications show far less. */
export const TEXT_MAX = 3_000;

/** Text that is safe to hand Slack as mrkdwn: only this module makes one. */
declare const mrkdwnBrand: unique symbol;
export type Mrkdwn = string & { readonly [mrkdwnBrand]: true };

const entities = (raw: string): string =>
  raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const wordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Every character a rule below acts on (COMMAND_SPAN needs a backtick, escaped first). */
const NEEDS_ESCAPE = /[&<>*_~`@]/;

/**
 * Outside text for mrkdwn, shown as written:
 * - `&`, `<`, `>` as entities (Slack's rule), so `<!channel>`, `<@U…>`,
 *   `<#C…>`, `<https://…|label>` and `> quotes` never form; Slack shows
 *   `&amp;` as `&`, so a name with `&` reads as it was typed;
 * - `*`, `_`, `~` at a word's edge, and every backtick, between zero-width
 *   spaces: Slack formats only at word edges, and an invisible character on
 *   each side makes the mark part of a word whichever way Slack reads it.
 *   Marks inside a word (`jo_doe@x.com`) format nothing and stay as they
 *   are, so what a person copies still works;
 * - `@channel`, `@here`, `@everyone` broken by a zero-width space, in case
 *   a message is ever sent with `link_names`.
 */
export function escapeOutside(raw: string): string {
  // Most text (names, dates, states) holds none of the characters below: it is its own escape.
  if (!NEEDS_ESCAPE.test(raw)) return raw;
  return entities(raw)
    .replace(/[*_~`]/g, (c: string, i: number, all: string) =>
      c !== '`' && wordChar(all[i - 1]) && wordChar(all[i + 1]) ? c : `${ZWSP}${c}${ZWSP}`,
    )
    .replace(/@(channel|here|everyone)\b/gi, `@${ZWSP}$1`)
    .replace(COMMAND_SPAN, '`$1`');
}

/**
 * Baton's replies show its commands as code (`/cx mine`, `/cx forget … --confirm`)
 * in sentences that also hold outside text. A span of one line that starts
 * with a command word stays code: from outside it could only make the same
 * harmless code span, never a link, mention or emphasis.
 */
const COMMAND_SPAN = new RegExp(
  `${ZWSP}\`${ZWSP}((?:/cx|/handoff|baton)\\b[^\`\n${ZWSP}]*)${ZWSP}\`${ZWSP}`,
  'g',
);

/**
 * Outside text cut to `max` once escaped, with a visible ellipsis. Escaping
 * lengthens text, so the cut is made on the raw text (never through an
 * `&amp;`) and repeated until the escaped form fits.
 */
export function outside(raw: string, max: number): Mrkdwn {
  let escaped = escapeOutside(raw);
  let budget = max;
  while (escaped.length > max && budget > 0) {
    budget -= escaped.length - max;
    escaped = escapeOutside(truncate(raw, budget));
  }
  return (escaped.length > max ? '…' : escaped) as Mrkdwn;
}

/**
 * Baton's own words written as mrkdwn (help's `*bold*` and backticks), with
 * no outside text in them: only `&`, `<`, `>` are escaped, so help's
 * `<customer>` is shown, not taken for a link.
 */
export function ownMrkdwn(raw: string): Mrkdwn {
  return entities(raw) as Mrkdwn;
}

/** Markup the renderer built itself from escaped parts (a bold label over an escaped value). */
export const built = (markup: string): Mrkdwn => markup as Mrkdwn;

/**
 * A place in a sentence for Baton's own markup (a channel mention), filled
 * after the sentence is escaped. Outside text holding this private-use
 * character could only ever put Baton's own markup in its place.
 */
export const SLOT = '\uE000';

/**
 * The top-level `text` of any message (chat.postMessage, chat.update,
 * chat.postEphemeral, a response_url answer, an ack body): Slack shows it in
 * notifications and where blocks cannot be shown, and parses it as mrkdwn,
 * so it is escaped like any outside text. `slot` fills `SLOT` with Baton's markup.
 */
export function messageText(raw: string, slot?: Mrkdwn): Mrkdwn {
  const text = outside(raw, TEXT_MAX);
  return (slot === undefined ? text : text.split(SLOT).join(slot)) as Mrkdwn;
}

/**
 * Text for `plain_text` objects (headers, buttons, options). Slack parses no
 * markup there, so nothing is escaped (an `&amp;` would be shown as typed);
 * a zero-width space after each `<` still keeps `<!channel>` from ever
 * standing in a payload, should a client read it as markup.
 */
export function plainText(raw: string): string {
  return raw.replace(/</g, `<${ZWSP}`);
}
