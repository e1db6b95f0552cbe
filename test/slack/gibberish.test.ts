import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/translate.js';
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
          if (!answer) {
            // Acknowledged empty: the answer follows at the response_url, or the form opens.
            const next = await s.fake.waitFor(
              (c) =>
                (c.method === 'response_url' && c.args.id === responseId) ||
                (c.method === 'views.open' && c.args.trigger_id === trigger),
            );
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
        },
      ),
      { numRuns: 150 },
    );
    expect(s.fake.violations).toEqual([]);
  });
});
