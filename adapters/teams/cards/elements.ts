import { truncate } from '../../../src/cards/truncate.js';
import { escapeOutside, outsideMarkdown, ownMarkdown } from '../escape.js';

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
 * Text as Teams' Markdown shows it, nothing from outside acting as Markdown
 * (see escape.ts), nor as a date function: `{{DATE(…)}}` written by someone
 * outside is shown as typed, its `{{` broken by a zero-width space.
 */
export const md = (text: string): string => outsideMarkdown(text).replace(/\{\{/g, '{\u200B{');

/** A TextBlock of text that may hold outside text: every TextBlock but the two below. */
export function textBlock(text: string, max: number, extra: Ac = {}): Ac {
  return { type: 'TextBlock', text: md(cut(text, max)), wrap: true, ...extra };
}

/** A TextBlock of Baton's own Markdown (help), which holds no outside text. */
export function ownTextBlock(text: string, max: number, extra: Ac = {}): Ac {
  return { type: 'TextBlock', text: ownMarkdown(cut(text, max)), wrap: true, ...extra };
}

/** A TextBlock of Markdown the renderer built from escaped parts (links). */
function builtTextBlock(markdown: string, extra: Ac = {}): Ac {
  return { type: 'TextBlock', text: markdown, wrap: true, ...extra };
}

/** Links as one line: Baton's links, each label escaped; links that would not fit are left out. */
export function linksBlock(links: Array<{ label: string; url: string }>, max: number): Ac | undefined {
  const parts: string[] = [];
  let length = 0;
  for (const l of links) {
    const part = mdLink(l.label, l.url);
    if (length + part.length + 3 > max) continue;
    parts.push(part);
    length += part.length + 3;
  }
  return parts.length > 0 ? builtTextBlock(`🔗 ${parts.join(' · ')}`) : undefined;
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

/** Baton's own link; square brackets and parentheses would break it, the label is escaped like outside text. */
export function mdLink(label: string, url: string): string {
  const safe = escapeOutside(cut(label, 100).replace(/[[\]\n]/g, ''));
  return `[${safe}](${url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c))})`;
}

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

export const cardBytes = (card: Ac): number => jsonBytes(card);

/** A line that says how much was left out, so nothing is dropped silently. */
export function moreLine(left: number): Ac {
  return textBlock(`… (+${left})`, LIMIT.line, { isSubtle: true, size: 'Small' });
}

/** Buttons that open Baton's own pages (the dashboard, a customer's page) in the browser. */
export function openUrlActions(links: Array<{ label: string; url: string }>): Ac[] {
  return links
    .filter((l) => /^https?:\/\//.test(l.url))
    .map((l) => ({ type: 'Action.OpenUrl', title: cut(l.label, LIMIT.button), url: l.url }));
}
