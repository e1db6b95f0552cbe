/**
 * The oracle: what Slack and Teams would turn into a mention, a link or
 * formatting, written from the platforms' rules (Slack's message formatting,
 * CommonMark as Teams' Markdown follows it), never from Baton's escaping.
 * Each detector is shown to fire on the raw hostile text (the control).
 */

/** What issue 16 saw: a Stripe customer named this reached chat.postMessage unchanged. */
export const SLACK_HOSTILE = '<!channel> <https://evil.example/login|Slack: re-authenticate>';
/** The same trick in Teams' Markdown. */
export const TEAMS_HOSTILE = '[Teams: sign in again](https://evil.example/teams)';

/** Every trick at once, on several lines: mentions, links, tags, emphasis, headings, lists, quotes. */
export const HOSTILE = [
  `${SLACK_HOSTILE} ${TEAMS_HOSTILE} <@U0BOSS> <#C0ALL> @here <at>Priya Shah</at> <b>loud</b>`,
  '*bold* _italic_ ~strike~ `code` ![pixel](https://evil.example/p.png) [sign in][1]',
  '# Heading',
  '- item',
  '1. first',
  '> quote',
].join('\n');

/** Before or after a Slack formatting mark: start or end, white space, punctuation or a symbol. */
const EDGE = String.raw`(?:^|$|[\s\p{P}\p{S}])`;
const slackMark = (mark: string, word: string) =>
  new RegExp(`(?<=${EDGE})${mark}${word}${mark}(?=${EDGE})`, 'u');

/** Slack mrkdwn: what would notify, link or format (docs.slack.dev, "Formatting text for app surfaces"). */
export const SLACK_LIVE: Record<string, RegExp> = {
  'special mention <!channel>': /<!(channel|here|everyone)/,
  'user mention <@U…>': /<@[UW]/,
  'channel mention <#C…>': /<#C/,
  // Baton's own links (a CRM record) are real links: the check is for the outside one.
  'link <https://evil…|label>': /<https?:\/\/evil\.example[^>\s]*\|/,
  'any <https://evil': /<https:\/\/evil/,
  '@here with link_names': /@(channel|here|everyone)\b/,
  '*bold*': slackMark(String.raw`\*`, 'bold'),
  _italic_: slackMark('_', 'italic'),
  '~strike~': slackMark('~', 'strike'),
  '`code`': slackMark('`', 'code'),
  '> quote at a line start': /^>/m,
};

/** Only what would notify or link: the check for plain_text, which Slack never formats. */
export const SLACK_LIVE_IN_PLAIN = Object.fromEntries(
  Object.entries(SLACK_LIVE).filter(([k]) => /mention|link|evil/.test(k)),
);

/** Before or after `_` that can open or close emphasis in CommonMark: white space, punctuation, an end. */
const CM_EDGE = String.raw`(?:^|$|[\s\p{P}\p{S}])`;

/** Teams Markdown (CommonMark with Teams' HTML): what would link, mention, tag or format. */
export const TEAMS_LIVE: Record<string, RegExp> = {
  // Baton's own links (a CRM record) are real links: the check is for the outside ones.
  'inline link [label](https://evil…)': /\]\(\s*<?https?:\/\/evil/,
  'reference link [label][ref]': /\]\[/,
  'autolink <https://…>': /<https?:/i,
  '<at> mention': /<at>/i,
  'HTML tag': /<\/?[A-Za-z]/,
  // CommonMark makes emphasis of `*` even inside a word.
  '*bold*': /\*bold\*/,
  _italic_: new RegExp(`(?<=${CM_EDGE})_italic_(?=${CM_EDGE})`, 'u'),
  '~strike~': /~strike~/,
  '`code`': /`code`/,
  heading: /^ {0,3}#{1,6}(\s|$)/m,
  'bullet list': /^ {0,3}[-+*]\s/m,
  'numbered list': /^ {0,3}\d{1,9}[.)]\s/m,
  'block quote': /^ {0,3}>/m,
};

/** The names of the detectors that fire on `text`. */
export function liveIn(text: string, detectors: Record<string, RegExp>): string[] {
  return Object.entries(detectors)
    .filter(([, re]) => re.test(text))
    .map(([name]) => name);
}
