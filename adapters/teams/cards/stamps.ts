import type { CardStamp } from '../../../src/cards/model.js';
import { replaceStamps } from '../../../src/cards/stamps.js';
import { escapeOutside } from '../escape.js';
import type { Ac } from './elements.js';

/**
 * Adaptive Cards' date functions (learn.microsoft.com, "Text features",
 * Date/Time formatting and localization): the reader's device shows the
 * moment in its own zone and language. They hold strict RFC 3339, which
 * Teams reads only as `yyyy-MM-ddTHH:mm:ssZ`: no milliseconds. TextBlock
 * text and FactSet values both read them.
 */
export function dateFunctions(stamp: CardStamp): string | undefined {
  const ms = Date.parse(stamp.at);
  if (!Number.isFinite(ms)) return undefined;
  const at = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const date = `{{DATE(${at}, SHORT)}}`;
  return stamp.style === 'date' ? date : `${date} {{TIME(${at})}}`;
}

/**
 * Markdown with each stamp's text (escaped, as the field around it was)
 * replaced by its date functions. Only Baton's own fields are passed here,
 * and the core records a stamp only when its text occurs nowhere else in
 * them, so no outside text becomes a date; outside text cannot write one
 * itself either (`md` breaks its `{{`).
 */
export function withStamps(markdown: string, stamps: readonly CardStamp[] | undefined): string {
  return replaceStamps(markdown, stamps, (s) => escapeOutside(s.text), dateFunctions);
}

/** A TextBlock with its stamps as date functions. */
export function stampedBlock(block: Ac, stamps: readonly CardStamp[] | undefined): Ac {
  return typeof block.text === 'string' ? { ...block, text: withStamps(block.text, stamps) } : block;
}
