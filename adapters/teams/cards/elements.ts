import { truncate } from '../../../src/cards/truncate.js';

/** An Adaptive Card element or action, as JSON. */
export type Ac = Record<string, unknown>;

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Lengths Baton keeps to in Teams. Adaptive Cards set no per-field limit, but
 * Teams refuses a message over about 28 KB and cuts long button titles and
 * fact labels on screen; past these, text is cut with a visible ellipsis.
 */
export const LIMIT = {
  title: 200,
  subtitle: 300,
  status: 600,
  factLabel: 80,
  factValue: 600,
  sectionTitle: 150,
  sectionText: 3_000,
  line: 400,
  button: 40,
  choice: 100,
  inputLabel: 300,
  inputValue: 4_000,
  /** The card's JSON in UTF-8 bytes, under Teams' message limit with room for the activity around it. */
  cardBytes: 24_000,
} as const;

export const cut = (text: string, max: number): string => truncate(text, max);

/**
 * Text as Teams' Markdown shows it: `<` and `>` escaped (Teams drops
 * `<customer>` as a tag and turns `<a@b.c>` into a bare link), and every line
 * break a paragraph break (a single one is folded into a space).
 */
export function md(text: string): string {
  return text.replace(/[<>]/g, '\\$&').replace(/\n/g, '\n\n');
}

export function textBlock(text: string, max: number, extra: Ac = {}): Ac {
  return { type: 'TextBlock', text: md(cut(text, max)), wrap: true, ...extra };
}

export function factSet(facts: Array<{ label: string; value: string }>): Ac | undefined {
  if (facts.length === 0) return undefined;
  return {
    type: 'FactSet',
    facts: facts.map((f) => ({
      title: md(cut(f.label, LIMIT.factLabel)),
      value: md(cut(f.value, LIMIT.factValue)),
    })),
  };
}

export function container(items: Ac[], extra: Ac = {}): Ac {
  return { type: 'Container', items, ...extra };
}

export function adaptiveCard(body: Ac[], actions: Ac[] = [], extra: Ac = {}): Ac {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...extra,
  };
}

/** Square brackets and parentheses in a label would break a Markdown link. */
export function mdLink(label: string, url: string): string {
  const safe = cut(label, 100).replace(/[[\]]/g, '');
  return `[${safe}](${url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

export const cardBytes = (card: Ac): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** A line that says how much was left out, so nothing is dropped silently. */
export function moreLine(left: number): Ac {
  return textBlock(`… (+${left})`, LIMIT.line, { isSubtle: true, size: 'Small' });
}
