import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardBlocks } from '../../../adapters/slack/blocks/card.js';
import { noticeBlocks } from '../../../adapters/slack/blocks/notice.js';
import { mrkdwn } from '../../../adapters/slack/blocks/text.js';
import { viewBlocks } from '../../../adapters/slack/blocks/view.js';
import { handoffModal } from '../../../adapters/slack/modals/handoff.js';
import type { Card, CardAction, Notice, View } from '../../../src/cards/model.js';
import { validateBlocks, validateView } from './block-kit.js';
import { visibleText } from './slack-client.js';

const opts = { locale: 'en', snoozeMax: 'P1D' };
const long = (n: number, unit = 'Lorem <ipsum> & dolor ') =>
  unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const actions = (value: string, label = 'Accept'): CardAction[] => [
  { id: 'accept', label, style: 'primary', value },
  { id: 'decline', label: 'Decline', style: 'danger', value, needsInput: 'reason' },
  { id: 'reassign', label: 'Reassign', value, needsInput: 'person' },
  { id: 'snooze', label: 'Snooze', value, needsInput: 'snooze' },
];

function card(over: Partial<Card> = {}): Card {
  return {
    handoffId: 'hnd_1',
    version: 3,
    state: 'open',
    locale: 'en',
    fallback: 'Acme Corp: Sales → Delivery',
    title: 'Acme Corp: Sales → Delivery',
    subtitle: 'Handed over by Dana Reyes · 2 hours ago',
    status: { text: 'Open: waiting for Delivery to accept', tone: 'attention' },
    language: {
      code: 'ko',
      label: 'Korean (한국어)',
      notice: 'Customer prefers Korean: answer in Korean',
      strong: true,
    },
    facts: [{ label: 'Deal value', value: '$120,000' }],
    sections: [{ title: 'Summary', text: 'Annual plan' }],
    links: [{ label: 'HubSpot record', url: 'https://app.hubspot.com/contacts/_/company/9001' }],
    timeline: [],
    actions: actions('hnd_1:3'),
    ...over,
  };
}

describe('Block Kit renderers stay inside Slack limits', () => {
  it('a card with everything too long is cut with visible ellipses and keeps its buttons', () => {
    const huge = card({
      title: long(500),
      subtitle: long(5_000),
      status: { text: long(4_000), tone: 'warning' },
      facts: Array.from({ length: 35 }, (_, i) => ({ label: `Fact ${i} ${long(300)}`, value: long(3_000) })),
      sections: Array.from({ length: 80 }, (_, i) => ({ title: `Field ${i}`, text: long(10_000) })),
      links: Array.from({ length: 100 }, (_, i) => ({
        label: `link ${i}`,
        url: `https://example.com/${i}/${long(50, 'x')}`,
      })),
      timeline: Array.from({ length: 30 }, () => long(900)),
      escalations: ['Escalated to Priya Shah'],
      actions: actions('hnd_1:3', long(200)),
    });
    const blocks = cardBlocks(huge, opts);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)?.type).toBe('actions');
    const text = visibleText(blocks);
    expect(text).toContain('…');
    expect(text).toMatch(/… \(\+\d+\)/);
    expect(text).toContain('Customer prefers Korean');
  });

  it('escapes what people typed, so nobody pings @channel through a card', () => {
    const blocks = cardBlocks(
      card({ sections: [{ title: 'Summary', text: '<!channel> ask <@U0DANA> & <https://x|y>' }] }),
      opts,
    );
    const text = visibleText(blocks);
    expect(text).toContain('&lt;!channel&gt; ask &lt;@U0DANA&gt; &amp; &lt;https://x|y&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('any text anywhere in a card renders valid blocks (fast-check)', () => {
    const str = fc.string({ unit: 'binary', maxLength: 4_000 });
    fc.assert(
      fc.property(
        str,
        str,
        str,
        str,
        fc.array(fc.record({ title: str, text: str }), { maxLength: 60 }),
        (title, status, label, value, sections) => {
          const c = card({
            title,
            status: { text: status, tone: 'neutral' },
            facts: [{ label, value }],
            sections,
            actions: actions('hnd_1:3', label),
          });
          expect(validateBlocks(cardBlocks(c, opts), 'message')).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mrkdwn never cuts through an escape and always fits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.integer({ min: 1, max: 600 }), (raw, max) => {
        const out = mrkdwn(raw, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }),
    );
  });

  it('a digest of 40 items fits one message and points to the rest', () => {
    const notice: Notice = {
      kind: 'digest',
      locale: 'en',
      fallback: 'You have 40 follow-ups due',
      title: 'You have 40 follow-ups due',
      text: 'Most overdue first.',
      items: Array.from({ length: 40 }, (_, i) => ({
        handoffId: `hnd_${i}`,
        customerId: `cus_${i}`,
        title: `Customer ${i}: Sales → Delivery`,
        detail: long(4_000),
        due: 'Due Nov 24',
        overdue: i % 2 === 0,
        actions: actions(`hnd_${i}:1`),
      })),
    };
    const blocks = noticeBlocks(notice, opts);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(visibleText(blocks)).toContain('… (+17) · `/cx mine`');
  });

  it('views fit a message (50) and the Home tab (100)', () => {
    const view: View = {
      locale: 'en',
      fallback: 'Your queue',
      title: 'Your queue',
      blocks: [
        { kind: 'heading', text: long(4_000) },
        {
          kind: 'facts',
          facts: Array.from({ length: 25 }, (_, i) => ({ label: `L${i}`, value: long(2_500) })),
        },
        {
          kind: 'list',
          items: Array.from({ length: 300 }, (_, i) => ({
            text: `Item ${i} ${long(40)}`,
            detail: long(1_500),
            ...(i % 3 ? {} : { actions: actions(`hnd_${i}:1`) }),
          })),
        },
      ],
    };
    const message = viewBlocks(view, { ...opts, max: 50 });
    const home = viewBlocks(view, { ...opts, max: 100 });
    expect(validateBlocks(message, 'message')).toEqual([]);
    expect(validateBlocks(home, 'home')).toEqual([]);
    expect(message).toHaveLength(50);
    expect(home).toHaveLength(100);
  });

  it('a list without buttons fills each section to the 3,000 characters and not one over', () => {
    const sections = (lineLength: number) => {
      // "• ", the text, a newline and the detail: lines of exactly `lineLength` characters.
      const items = Array.from({ length: 4 }, (_, i) => ({
        text: `${i}`.padEnd(997, 'x'),
        detail: 'y'.repeat(lineLength - 1_000),
      }));
      const view: View = { locale: 'en', fallback: 'q', title: 'q', blocks: [{ kind: 'list', items }] };
      return viewBlocks(view, { ...opts, max: 50 })
        .filter((b) => b.type === 'section')
        .map((b) => (b.type === 'section' ? (b.text?.text.length ?? 0) : 0));
    };
    // Two lines of 1,499 and the newline between them: 2,999 fit in one section; two of 1,500 do not.
    expect(sections(1_499)).toEqual([2_999, 2_999]);
    expect(sections(1_500)).toEqual([1_500, 1_500, 1_500, 1_500]);
  });

  it('the handoff modal with long values and many fields is a valid view', () => {
    const view = handoffModal({
      locale: 'en',
      heading: long(5_000),
      language: card().language,
      notice: long(5_000),
      fields: Array.from({ length: 150 }, (_, i) => ({
        name: i === 0 ? 'goLiveDate' : `field${i}`,
        required: i < 3,
        value: i === 0 ? 'not a date' : long(5_000),
      })),
      note: long(5_000),
      meta: { k: 'new', c: 'cus_1', t: 'delivery', r: `https://hooks.slack.com/${long(4_000, 'x')}` },
    });
    expect(validateView(view)).toEqual([]);
  });
});
