/**
 * What people wrote often holds a customer's e-mail address or phone number.
 * Those never leave Baton: each becomes a `<k n="…"/>` tag the provider
 * leaves alone, and is put back into the translation here, so the reader
 * still sees it.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/**
 * A phone number: an optional + or bracket, then 7 or more digits with
 * spaces, dots, dashes or brackets between. A long date (2026-12-01) is
 * taken too: kept back, it reads the same, and nothing is lost.
 */
const PHONE = /(?:\+|\()?\b\d(?:[\s.()-]{0,2}\d){6,}\b/g;

export interface Masked {
  /** Markup for the provider: escaped text with a tag for each kept piece. */
  markup: string;
  /** The kept pieces, by tag number (1-based). */
  kept: string[];
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function mask(text: string): Masked {
  const kept: string[] = [];
  const spans: Array<{ start: number; end: number }> = [];
  for (const re of [EMAIL, PHONE]) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (spans.some((s) => start < s.end && end > s.start)) continue;
      spans.push({ start, end });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  let markup = '';
  let at = 0;
  for (const s of spans) {
    kept.push(text.slice(s.start, s.end));
    markup += `${escapeXml(text.slice(at, s.start))}<k n="${kept.length}"/>`;
    at = s.end;
  }
  markup += escapeXml(text.slice(at));
  return { markup, kept };
}

/** `<k n="1"/>`, also as `<k n="1"></k>` or with other spacing, as HTML translators write it back. */
const TAG = /<k\s+n\s*=\s*["']?(\d+)["']?\s*\/?>(?:\s*<\/k>)?/g;

/** The translation as the reader sees it: plain text, the kept pieces back in place. */
export function unmask(markup: string, kept: readonly string[]): string {
  const used = new Set<number>();
  const parts = markup.split(TAG);
  // split with one capture group: text, number, text, number, ...
  let out = '';
  parts.forEach((p, i) => {
    if (i % 2 === 0) out += unescapeXml(p.replace(/<[^>]*>/g, ''));
    else {
      const n = Number(p);
      const piece = kept[n - 1];
      if (piece !== undefined) {
        out += piece;
        used.add(n);
      }
    }
  });
  // A provider that dropped a tag must not make the address disappear.
  const lost = kept.filter((_, i) => !used.has(i + 1));
  return lost.length > 0 ? `${out} (${lost.join(', ')})` : out;
}
