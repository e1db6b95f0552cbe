import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containsWords, customerIn } from '../../../src/commands/phrases.js';
import { messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

describe('Slack: watching channels for handoff phrases', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [
      aCustomer(),
      aCustomer({ id: 'cus_globex', name: 'Globex', aliases: [] }),
    ]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  const say = (text: string, extra: Record<string, unknown> = {}) =>
    s.slack.event('message-event.json', {
      text,
      user: 'U0DANA',
      channel: 'C0SALES',
      ts: '1790000100.000100',
      ...extra,
    });

  it('a phrase naming a customer gets a proposal in its thread; Start sends the card', async () => {
    const res = await say('Closed won with Acme Corp today! 🎉');
    expect(res.status).toBe(200);
    await s.pass();
    const replies = s.fake.channel('C0SALES', '1790000100.000100');
    expect(replies).toHaveLength(1);
    const proposal = replies[0];
    if (!proposal) throw new Error('no proposal');
    expect(textOf(proposal)).toContain('Start a handoff?');
    expect(textOf(proposal)).toContain('Sounds like Acme Corp moved on: hand over to Delivery?');
    // Never a handoff on a phrase alone.
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(0);

    const start = await s.slack.click(proposal, 'baton:confirm', 'U0DANA');
    const form = await s.slack.openedModal(start.trigger);
    expect(visibleText(form.blocks)).toContain('Acme Corp: Sales → Delivery');
    expect(visibleText(form.blocks)).toContain('Customer prefers Korean');
    const sent = await s.slack.submit(form, 'U0DANA', {
      'f:summary': 'Signed today',
      'f:goLiveDate': '2027-03-01',
    });
    expect(sent.json?.errors).toBeUndefined();
    expect((await s.slack.answer(start.responseId)).text).toContain('Handoff of Acme Corp sent to Delivery');
    await s.pass();
    expect(textOf(messageIn(s, 'C0DELIVERY', 'Acme Corp'))).toContain('Signed today');

    // Saying it again while the handoff is live proposes nothing new.
    await say('closed won: Acme Corp, as said', { ts: '1790000200.000100' });
    await s.pass();
    expect(s.fake.channel('C0SALES', '1790000200.000100')).toHaveLength(0);
  });

  it('a phrase without a customer asks which one, then shows the form', async () => {
    await say('Contract signed, finally!');
    await s.fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1790000100.000100');
    const ask = s.fake.channel('C0SALES', '1790000100.000100')[0];
    if (!ask) throw new Error('no question');
    expect(textOf(ask)).toContain('Start a handoff?');
    expect(textOf(ask)).toContain('Sales → Delivery');

    const start = await s.slack.click(ask, 'baton:start-phrase', 'U0DANA');
    const pick = await s.slack.openedModal(start.trigger);
    const unknown = await s.slack.submit(pick, 'U0DANA', { customer: 'Nonexistent Holdings' });
    expect(unknown.json?.response_action).toBe('errors');
    expect(JSON.stringify(unknown.json?.errors)).toContain('I could not find a customer called');

    const picked = await s.slack.submit(pick, 'U0DANA', { customer: 'Globex' });
    expect(picked.json?.response_action).toBe('update');
    const form = picked.json?.view as Record<string, unknown>;
    expect(visibleText(form.blocks)).toContain('Globex: Sales → Delivery');
    await s.slack.submit(form, 'U0DANA', {
      'f:summary': 'From the channel',
      'f:goLiveDate': '2027-03-01',
      'f:keyContact': 'Ana',
    });
    expect((await s.slack.answer(start.responseId)).text).toContain('Handoff of Globex sent to Delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Globex');
    expect(textOf(card)).toContain('From the channel');
    const [h] = await s.t.store.listHandoffs({ customerId: 'cus_globex' });
    expect(h?.source).toEqual({
      kind: 'phrase',
      platform: 'slack',
      channel: 'C0SALES',
      messageId: '1790000100.000100',
    });
  });

  it("ignores other bots, Baton's own messages, strangers, DMs and ordinary talk", async () => {
    await say('closed won Acme Corp', { user: undefined, bot_id: 'B0OTHER', subtype: 'bot_message' });
    await say('closed won Acme Corp', { user: 'UBATON', bot_id: 'BBATON' });
    await say('closed won Acme Corp', { user: 'U0STRANGER' });
    await say('closed won Acme Corp', { channel: 'D0DANA', channel_type: 'im' });
    await say('Acme Corp enclosed wonderful news');
    await say('closed won Acme Corp', { subtype: 'message_changed' });
    await s.pass();
    expect(s.fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
    expect(await s.t.store.listHandoffs({ customerId: 'cus_acme' })).toHaveLength(0);
  });
});

describe('phrase and customer matching', () => {
  it('matches whole words, any case and apostrophe', () => {
    expect(containsWords('We’re LIVE at Acme!', "we're live")).toBe(true);
    expect(containsWords('enclosed wonder', 'closed won')).toBe(false);
    expect(containsWords('closed-won', 'closed won')).toBe(false);
  });
  it('picks the longest customer name, and nobody on a tie', () => {
    const names = [
      { id: 'a', name: 'Acme', aliases: [] },
      { id: 'b', name: 'Acme Labs', aliases: [] },
      { id: 'c', name: 'Globex', aliases: ['Initech'] },
    ];
    expect(customerIn('closed won with Acme Labs', names)?.id).toBe('b');
    expect(customerIn('closed won with acme', names)?.id).toBe('a');
    expect(
      customerIn('Globex and Initech', [...names, { id: 'd', name: 'Initech', aliases: [] }]),
    ).toBeUndefined();
  });
});
