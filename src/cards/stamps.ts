import { formatDate, formatDateTime } from '../i18n/translate.js';
import type { CardStamp } from './model.js';

/**
 * Writes moments into a card or notice as absolute text in the reader's
 * zone, never as "in 3 hours" or "2 hours ago": a message stays on screen
 * for days, and a relative phrase frozen at render time turns false. Each
 * moment is recorded as a stamp, so a platform that can show a time in each
 * reader's own zone replaces the text with its own token.
 */
export interface Stamper {
  /** The moment as text in the reader's zone; an unreadable moment is written as given and not recorded. */
  stamp(at: Date | string, style?: CardStamp['style']): string;
  /**
   * The stamps to put on the card. `fields` are every text in which
   * renderers replace stamps (subtitle, status, fact values, timeline; a
   * notice's text, details and due lines), each shown once. A stamp whose
   * text occurs there more often than Baton wrote it (a name or a reason
   * that reads exactly like it) is left out, so a renderer never turns
   * outside text into a token: that moment is then shown as plain text.
   */
  stamps(fields: readonly string[]): CardStamp[] | undefined;
}

export function stamper(reader: { locale: string; timeZone: string }): Stamper {
  const written = new Map<string, { stamp: CardStamp; uses: number }>();
  return {
    stamp(at, style = 'dateTime') {
      const d = at instanceof Date ? at : new Date(at);
      const text =
        style === 'date'
          ? formatDate(at, reader.locale, reader.timeZone)
          : formatDateTime(at, reader.locale, reader.timeZone);
      if (Number.isNaN(d.getTime())) return text;
      const key = `${style}|${text}`;
      const seen = written.get(key);
      if (seen) seen.uses++;
      else written.set(key, { stamp: { at: d.toISOString(), style, text }, uses: 1 });
      return text;
    },
    stamps(fields) {
      const kept = [...written.values()]
        .filter(({ stamp, uses }) => occurrences(fields, stamp.text) === uses)
        .map(({ stamp }) => stamp);
      return kept.length > 0 ? kept : undefined;
    },
  };
}

function occurrences(fields: readonly string[], text: string): number {
  let n = 0;
  for (const field of fields) {
    for (let i = field.indexOf(text); i !== -1; i = field.indexOf(text, i + 1)) n++;
  }
  return n;
}

/**
 * `text` with each stamp's text (as the renderer wrote it, `shown`) replaced
 * by the platform's own form of the moment (`token`; undefined keeps the
 * text). Longer texts are matched first, so a day inside a day and time is
 * left to the longer one; a text two stamps share takes the first's token.
 */
export function replaceStamps(
  text: string,
  stamps: readonly CardStamp[] | undefined,
  shown: (stamp: CardStamp) => string,
  token: (stamp: CardStamp) => string | undefined,
): string {
  if (!stamps || stamps.length === 0) return text;
  const tokens = new Map<string, string>();
  for (const s of stamps) {
    const t = token(s);
    const written = shown(s);
    if (t && written && !tokens.has(written)) tokens.set(written, t);
  }
  if (tokens.size === 0) return text;
  const pattern = [...tokens.keys()]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return text.replace(new RegExp(pattern, 'g'), (m) => tokens.get(m) ?? m);
}
