import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plain } from '../../../adapters/slack/blocks/text.js';
import { escapeOutside } from '../../../adapters/slack/escape.js';

// The rules of escape.ts applied in full to every string: text with nothing to escape skips them.
const ZWSP = '\u200B';
const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const COMMAND_SPAN = new RegExp(
  `${ZWSP}\`${ZWSP}((?:/cx|/handoff|baton)\\b[^\`\n${ZWSP}]*)${ZWSP}\`${ZWSP}`,
  'g',
);
const fullEscape = (raw: string) =>
  raw
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (c: string, i: number, all: string) =>
      c !== '`' && wordChar(all[i - 1]) && wordChar(all[i + 1]) ? c : `${ZWSP}${c}${ZWSP}`,
    )
    .replace(/@(channel|here|everyone)\b/gi, `@${ZWSP}$1`)
    .replace(COMMAND_SPAN, '`$1`');

describe('Slack escaping and plain text, worked out once where they can be', () => {
  it('escapes as the full rules do, whether or not a string holds anything to escape', () => {
    const piece = fc.constantFrom(
      ...[
        'a',
        'Z',
        '9',
        ' ',
        '\n',
        'é',
        '한',
        ZWSP,
        '&',
        '<',
        '>',
        '*',
        '_',
        '~',
        '`',
        '@',
        'channel',
        'here',
        '/cx',
        'baton',
        '|',
      ],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const raw = parts.join('');
        expect(escapeOutside(raw)).toBe(fullEscape(raw));
      }),
      { numRuns: 3_000 },
    );
    expect(escapeOutside('Customer 000081 GmbH: Sales → Delivery')).toBe(
      'Customer 000081 GmbH: Sales → Delivery',
    );
    expect(escapeOutside('ask @Here')).toBe(`ask @${ZWSP}Here`);
  });

  it('gives each label the text its limit allows, asked again and again', () => {
    for (let round = 0; round < 2; round++) {
      expect(plain('Accept', 75).text).toBe('Accept');
      expect(plain('Accept', 4).text).toBe('Acc…');
      expect(plain('  two   words <!here> ', 75).text).toBe(`two words <${ZWSP}!here>`);
      expect(plain('   ', 75).text).toBe('…');
    }
    expect(plain('Accept', 75)).not.toBe(plain('Accept', 75));
  });
});
