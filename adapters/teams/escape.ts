/**
 * The one place Teams text is made safe. TextBlocks, FactSet values and
 * message text are Markdown in Teams, and everything Baton shows holds
 * outside text at least in part (a customer's name in a sentence, a note, a
 * reason, a CRM field), so every string is escaped unless Baton wrote all of
 * it as Markdown on purpose (`ownMarkdown`).
 *
 * Teams clients disagree on backslash escapes (iOS and Android have shown
 * the backslash), so nothing here relies on them: marks are neutralised by
 * invisible characters where Markdown's rules make that enough, and by a
 * look-alike character where they do not.
 *
 * Bare URLs are left as written: Teams may make them clickable, but the text
 * shown is where they lead, so they cannot trick anyone, and putting
 * invisible characters into them would break the URLs people copy from a
 * note. What is neutralised is every link whose label hides its target.
 */

const ZWSP = '\u200B';

/** `*` makes emphasis even inside a word, so it becomes the asterisk operator, which looks alike. */
const ASTERISK = '\u2217';
/** `~` strikes through in Teams messages; the tilde operator looks alike. */
const TILDE = '\u223C';
/** A backtick starts code whatever surrounds it; the modifier grave accent looks alike. */
const BACKTICK = '\u02CB';

const wordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** What starts a heading, list, quote, table or link definition when it opens a line. */
const LINE_START = /^([ \t]*)(?=[#>+=|[-]|\d{1,9}[.)])/gm;

/**
 * Outside text for Teams Markdown, shown as written, with nothing from it
 * acting as Markdown or HTML:
 * - `<` is followed by a zero-width space: no `<at>` mention, HTML tag or
 *   `<https://…>` autolink can start;
 * - `](`, `][` get a zero-width space between them: no `[label](url)` link
 *   or image; a line that opens with `[` cannot define a link target;
 * - a line that opens with `#`, `-`, `+`, `>`, `=`, `|`, `[` or `1.` starts
 *   with a zero-width space: no heading, list, quote or table;
 * - `_` at a word's edge sits between zero-width spaces, which Markdown
 *   reads as letters, so it can neither open nor close emphasis (`jo_doe`
 *   stays as it is); `*`, `~` and backticks become look-alikes.
 */
export function escapeOutside(raw: string): string {
  return raw
    .replace(/</g, `<${ZWSP}`)
    .replace(/\](?=[([])/g, `]${ZWSP}`)
    .replace(/[*~`_]/g, (c: string, i: number, all: string) => {
      if (c === '*') return ASTERISK;
      if (c === '~') return TILDE;
      if (c === '`') return BACKTICK;
      return wordChar(all[i - 1]) && wordChar(all[i + 1]) ? c : `${ZWSP}_${ZWSP}`;
    })
    .replace(LINE_START, `$1${ZWSP}`)
    .replace(COMMAND_SPAN, '`$1`');
}

/**
 * Baton's replies show its commands as code (`cx mine`, `baton import`) in
 * sentences that also hold outside text. A span of one line that starts with
 * a command word stays code: from outside it could only make the same
 * harmless code span, never a link, mention or emphasis.
 */
const COMMAND_SPAN = new RegExp(
  `${BACKTICK}((?:/?cx|/?handoff|baton)\\b[^${BACKTICK}\n${ZWSP}]*)${BACKTICK}`,
  'g',
);

/** Every line break a paragraph break: Teams folds a single one into a space. */
const paragraphs = (text: string): string => text.replace(/\n/g, '\n\n');

/** Outside text as a TextBlock, FactSet value or message shows it. */
export function outsideMarkdown(raw: string): string {
  return paragraphs(escapeOutside(raw));
}

/**
 * Baton's own words written as Markdown (help), with no outside text in
 * them: kept as written, except that `<customer>` is shown, not dropped as a tag.
 */
export function ownMarkdown(raw: string): string {
  return paragraphs(raw.replace(/</g, `<${ZWSP}`));
}
