import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardBlocks } from '../../../adapters/slack/blocks/card.js';
import type { Card } from '../../../src/cards/model.js';
import { validateBlocks } from './block-kit.js';
import { handoffVia, messageIn } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';

const HOUR = 3_600_000;

/** Every mrkdwn text of a message's blocks, as Slack receives it. */
function mrkdwnOf(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

/** Slack's date token for a day and time, as Baton writes it. */
const token = (iso: string, fallback: string) =>
  `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} {time}|${fallback}>`;

/** What turns false on a card left in a channel: relative words frozen when it was rendered. */
const RELATIVE = /\b(ago|now|in \d+ (seconds?|minutes?|hours?|days?)|yesterday|tomorrow|today)\b/i;

describe('Slack: times on cards in each reader’s own zone', () => {
  let s: SlackTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 UTC; Delivery works 09:00-17:30 London (GMT in November).
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer({ lastContactAt: '2026-11-20T09:30:00.000Z' })]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  it('the channel card gives the handover, both deadlines and the last contact as date tokens', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery');
    const text = mrkdwnOf(card.blocks).join('\n');
    expect(text).toContain(
      `Handed over by Dana Reyes · ${token('2026-11-23T15:00:00Z', 'Nov 23, 2026, 3:00 PM GMT')}`,
    );
    expect(text).toContain(`*Accept by*\n${token('2026-11-24T10:30:00Z', 'Nov 24, 2026, 10:30 AM GMT')}`);
    expect(text).toContain(
      `*First contact by*\n${token('2026-11-25T15:00:00Z', 'Nov 25, 2026, 3:00 PM GMT')}`,
    );
    expect(text).toContain(`*Last contact*\n${token('2026-11-20T09:30:00Z', 'Nov 20, 2026, 9:30 AM GMT')}`);
    // The notification preview cannot show a token: it keeps the plain text.
    expect(card.text).not.toContain('<!date^');
  });

  it('an hour later, the updated card still says nothing time has made false', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery');
    const first = mrkdwnOf(card.blocks);
    await s.pass(HOUR);
    const clicked = await s.slack.click(card, 'baton:accept', 'U0TOM');
    expect(clicked.res.status).toBe(200);
    await s.pass();
    expect(s.fake.callsOf('chat.update').length).toBeGreaterThan(0);
    const second = mrkdwnOf(messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery').blocks);
    expect(second.join('\n')).toContain(
      `Accepted by Tom Becker · ${token('2026-11-23T16:00:00Z', 'Nov 23, 2026, 4:00 PM GMT')}`,
    );
    // The handover is the same moment, written the same way, on both renders.
    expect(second[0]).toBe(first[0]);
    for (const text of [...first, ...second]) {
      const words = text.replace(/<!date\^[^>]*>/g, '');
      expect(words).not.toMatch(RELATIVE);
    }
  });

  it('outside text that looks like a token or a stamp stays text (the control: Baton’s own becomes a token)', async () => {
    const fake = '<!date^1795516200^{date_short_pretty}|soon>';
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery', {
      'f:summary': `Kickoff ${fake}, or Nov 24, 2026, 10:30 AM GMT at the latest`,
    });
    await s.pass();
    const text = mrkdwnOf(messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery').blocks).join('\n');
    expect(text).toContain('Kickoff &lt;!date^1795516200^{date_short_pretty}|soon&gt;');
    expect(text).toContain('or Nov 24, 2026, 10:30 AM GMT at the latest');
    expect(text).not.toContain('|soon>');
    // The same moment in Baton's own fact is a token.
    expect(text).toContain(`*Accept by*\n${token('2026-11-24T10:30:00Z', 'Nov 24, 2026, 10:30 AM GMT')}`);
  });
});

describe('Slack date tokens', () => {
  const base: Card = {
    handoffId: 'hnd_1',
    version: 1,
    state: 'open',
    locale: 'en',
    fallback: 'Acme',
    title: 'Acme',
    subtitle: 'Handed over by A&B · x <y> | z',
    status: { text: 'Open', tone: 'attention' },
    facts: [],
    sections: [],
    links: [],
    timeline: [],
    actions: [],
  };

  it('escape the fallback and keep | and > out of it, so the token cannot be ended early', () => {
    const card: Card = {
      ...base,
      stamps: [{ at: '2026-12-07T14:00:00.000Z', style: 'date', text: 'x <y> | z' }],
    };
    const [, context] = cardBlocks(card, { locale: 'en', snoozeMax: 'P1D' }) as Array<{
      elements: Array<{ text: string }>;
    }>;
    expect(context?.elements[0]?.text).toBe(
      'Handed over by A&amp;B · <!date^1796652000^{date_short_pretty}|x &lt;y&gt; / z>',
    );
    expect(validateBlocks(cardBlocks(card, { locale: 'en', snoozeMax: 'P1D' }), 'message')).toEqual([]);
  });

  it('leave a field as plain text when the tokens would pass Block Kit’s limit', () => {
    const long = `${'word '.repeat(395)}Nov 24, 2026`;
    const card: Card = {
      ...base,
      subtitle: long,
      stamps: [{ at: '2026-11-24T00:00:00.000Z', style: 'date', text: 'Nov 24, 2026' }],
    };
    const blocks = cardBlocks(card, { locale: 'en', snoozeMax: 'P1D' });
    expect(JSON.stringify(blocks)).not.toContain('<!date^');
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const short = cardBlocks({ ...card, subtitle: 'Due Nov 24, 2026' }, { locale: 'en', snoozeMax: 'P1D' });
    expect(JSON.stringify(short)).toContain('<!date^1795478400^{date_short_pretty}|Nov 24, 2026>');
  });
});
