import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/cards/truncate.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (s: string): string[] => [...segmenter.segment(s)].map((g) => g.segment);

/** Text made of the pieces that break naive cutting: surrogate pairs, ZWJ sequences, flags, jamo, accents. */
const tricky = fc
  .array(
    fc.constantFrom(
      'a',
      ' ',
      '한',
      '글',
      '\u1112\u1161\u11ab', // 한 as conjoining jamo: one grapheme, three code units
      'e\u0301',
      '👍',
      '👍🏽',
      '👨‍👩‍👧‍👦',
      '🇰🇷',
      '\r\n',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(
  tricky,
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary' }),
);

describe('truncate', () => {
  it('never exceeds the limit, shows the cut, and never splits a grapheme', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 120 }), (text, max) => {
        const out = truncate(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (text.length <= max) {
          expect(out).toBe(text);
          return;
        }
        if (max === 0) return;
        expect(out.endsWith('…')).toBe(true);
        const kept = out.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        const all = graphemes(text);
        expect(graphemes(kept)).toEqual(all.slice(0, graphemes(kept).length));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps as much as fits', () => {
    expect(truncate('Hello, world', 8)).toBe('Hello,…');
    expect(truncate('안녕하세요 여러분', 6)).toBe('안녕하세요…');
    expect(truncate('short', 5)).toBe('short');
    expect(truncate('short!', 1)).toBe('…');
    expect(truncate('anything', 0)).toBe('');
  });

  it('drops a whole emoji sequence rather than part of it', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(truncate(`ab${family}cd`, 10)).toBe('ab…');
    expect(truncate('🇰🇷🇺🇸', 5)).toBe('🇰🇷…');
    expect(truncate('🇰🇷🇺🇸', 4)).toBe('…');
  });
});
