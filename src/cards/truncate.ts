const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Where the cut falls when the text up to it, and the character right after,
 * is printable ASCII, else undefined. There every character is a grapheme
 * cluster of its own (none extends, joins or prepends), and the only blank
 * is the space: the same cut as the segmenter's, without segmenting. Walking
 * a segmenter costs about 0.3 µs a character, and a queue's summary is cut at
 * 300 on every `mine`.
 */
function plainCut(text: string, room: number): number | undefined {
  for (let i = 0; i <= room; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
  }
  let end = room;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end--;
  return end;
}

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
  const plain = Number.isInteger(room) ? plainCut(text, room) : undefined;
  if (plain !== undefined) return text.slice(0, plain) + ELLIPSIS;
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
