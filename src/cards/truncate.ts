const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` so that it fits `max` UTF-16 code units, ellipsis included.
 * Code units are what JavaScript and some platforms count, and never fewer
 * than the code points others count, so one limit is safe for all. The cut
 * falls between grapheme clusters: a split surrogate pair, a flag, an emoji
 * sequence or a letter torn from its accent would render as garbage.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.floor(max) - ELLIPSIS.length;
  if (room < 0) return '';
  let end = 0;
  // The segmenter is lazy: only the kept prefix is ever segmented. Trailing
  // blank graphemes are dropped whole ("word …" reads as a stray gap); a
  // string trim could cut a space off a cluster that begins with a prepend mark.
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > room) break;
    if (!/^\s+$/u.test(segment)) end = index + segment.length;
  }
  return text.slice(0, end) + ELLIPSIS;
}
