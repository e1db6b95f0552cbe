import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/translate.js';
import { longestEcho } from '../../support/echo.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

const WORDS = [
  '',
  'help',
  'mine',
  'gaps',
  'contact',
  'forget',
  'Acme Corp',
  'to',
  ':',
  '"',
  '<@U0TOM>',
  'to delivery',
  '@',
  '#',
];

/** A reply quotes what was typed as an excerpt of at most this many characters (QUOTE_MAX), never a wall. */
const MAX_ECHO = 60;

describe('Slack: anything typed after a command', () => {
  let s: SlackTest;
  beforeAll(async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer()]);
  });
  afterAll(async () => {
    await s.stop();
  });

  it('always gets a 200 and a helpful answer: never an error, never empty', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      // Pasted walls of text: Slack allows a few thousand characters after a command.
      fc.string({ minLength: 200, maxLength: 2_000 }),
      fc.string({ unit: 'grapheme', minLength: 100, maxLength: 600 }),
      fc
        .tuple(fc.constantFrom(...WORDS), fc.string({ maxLength: 30 }), fc.constantFrom(...WORDS))
        .map((p) => p.join(' ')),
    );
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('/cx', '/handoff'),
        fc.constantFrom('U0DANA', 'U0MINHO', 'U0STRANGER'),
        async (words, cmd, user) => {
          const { res, responseId, trigger } = await s.slack.command(cmd as '/cx' | '/handoff', words, user);
          expect(res.status).toBe(200);
          let answer = String(res.json?.text ?? '');
          let form = false;
          if (!answer) {
            // Acknowledged empty: the answer follows at the response_url, or the form opens.
            const next = await s.fake.waitFor(
              (c) =>
                (c.method === 'response_url' && c.args.id === responseId) ||
                (c.method === 'views.open' && c.args.trigger_id === trigger),
            );
            form = next.method === 'views.open';
            answer =
              next.method === 'views.open'
                ? visibleText((next.args.view as { blocks: unknown }).blocks)
                : String(next.args.text ?? '');
          }
          expect(answer.trim().length).toBeGreaterThan(10);
          expect(answer).not.toContain(t('en', 'reply.INTERNAL'));
          expect(answer).not.toContain(t('ko', 'reply.INTERNAL'));
          // No unfilled placeholder of Baton's own; braces the person typed may be quoted back.
          const typed = new Set(words.match(/\{\w+\}/g) ?? []);
          expect((answer.match(/\{\w+\}/g) ?? []).filter((p) => !typed.has(p))).toEqual([]);
          // A reply quotes a short excerpt at most; only a form may hold the whole note to edit.
          if (!form) expect(longestEcho(answer, words)).toBeLessThanOrEqual(MAX_ECHO);
        },
      ),
      { numRuns: 150 },
    );
    expect(s.fake.violations).toEqual([]);
  });

  it('quotes 2,000 characters of gibberish back as a short excerpt with an ellipsis', async () => {
    const wall = `Zq${'xk7 '.repeat(500)}`.slice(0, 1_900);
    for (const [cmd, words] of [
      ['/cx', wall],
      ['/handoff', `${wall} to delivery`],
      ['/handoff', `Acme Corp to ${wall}`],
    ] as const) {
      const { res, responseId } = await s.slack.command(cmd, words, 'U0DANA');
      expect(res.status).toBe(200);
      const answer = String(res.json?.text || (await s.slack.answer(responseId)).text);
      const excerpt = /"([^"]*)"/.exec(answer)?.[1] ?? '';
      expect(excerpt.startsWith('Zqxk7 xk7')).toBe(true);
      expect(excerpt.endsWith('…')).toBe(true);
      expect(excerpt.length).toBeLessThanOrEqual(MAX_ECHO);
      expect(answer.length).toBeLessThan(400);
    }
  });

  it('control: the echo measure sees a reply that repeats what was typed', () => {
    const typed = 'lorem ipsum '.repeat(100);
    expect(longestEcho(`I could not find a customer called "${typed}".`, typed)).toBeGreaterThan(MAX_ECHO);
    expect(longestEcho('I could not find a customer called "lorem ipsum lorem…".', typed)).toBeLessThan(
      MAX_ECHO,
    );
  });
});
