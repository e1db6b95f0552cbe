import { afterEach, describe, expect, it } from 'vitest';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';

const cardPosts = (s: SlackTest) =>
  s.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0DELIVERY' && !c.args.thread_ts);

describe('Slack: the card is delivered exactly once through 429s and 500s', () => {
  let s: SlackTest;
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  async function start(perSecond?: number) {
    s = await startSlackTest(perSecond ? { perSecond } : {});
    await seedCustomers(s.t.store, [
      aCustomer(),
      aCustomer({ id: 'cus_globex', name: 'Globex', aliases: [] }),
    ]);
  }

  it('429: waits for Retry-After, then posts once and updates that message', async () => {
    await start();
    s.fake.failNext(1, { status: 429, retryAfter: 3 }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    expect(cardPosts(s).map((c) => c.status)).toEqual([429]);
    await s.pass(2_000);
    expect(cardPosts(s)).toHaveLength(1);
    await s.pass(1_500);
    expect(cardPosts(s).map((c) => c.status)).toEqual([429, 200]);
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    await s.pass(60_000);
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(1);

    const accepted = await s.slack.click(card, 'baton:accept', 'U0TOM');
    await s.slack.answer(accepted.responseId);
    await s.pass();
    expect(s.fake.callsOf('chat.update').map((c) => c.args.ts)).toEqual([card.ts]);
    expect(textOf(card)).toContain('Accepted by Tom Becker');
  });

  it('500 before Slack posted: retried, one card', async () => {
    await start();
    s.fake.failNext(3, { status: 500 }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    for (let i = 0; i < 6; i++) await s.pass(20_000);
    expect(cardPosts(s).map((c) => c.status)).toEqual([500, 500, 500, 200]);
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(1);
  });

  it('500 after Slack posted: the retry finds the message by its metadata and does not post again', async () => {
    await start();
    s.fake.failNext(1, { status: 500, afterProcessing: true }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(1);
    for (let i = 0; i < 4; i++) await s.pass(20_000);
    expect(cardPosts(s)).toHaveLength(1);
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(1);
    const lookup = s.fake.callsOf('conversations.history').at(-1);
    expect(lookup?.args.include_all_metadata).toBe('true');

    // The found message is the card of record: changes update it in place.
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    const accepted = await s.slack.click(card, 'baton:accept', 'U0TOM');
    await s.slack.answer(accepted.responseId);
    await s.pass();
    expect(s.fake.callsOf('chat.update').map((c) => c.args.ts)).toEqual([card.ts]);
  });

  it('a timeout after Slack posted: found by its metadata, not posted again', async () => {
    s = await startSlackTest({ apiTimeoutMs: 300 });
    await seedCustomers(s.t.store, [aCustomer()]);
    s.fake.failNext(1, { delayMs: 1_000 }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const [d] = await s.t.store.listDeliveries({ status: 'pending' });
    expect(d?.lastError).toMatch(/^unknown outcome: request failed/);
    for (let i = 0; i < 4; i++) await s.pass(20_000);
    expect(cardPosts(s)).toHaveLength(1);
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(1);
    expect(await s.t.store.listDeliveries({ status: 'pending' })).toEqual([]);
  });

  it('a timeout after Slack posted, in a busy channel: found pages back, not posted again', async () => {
    s = await startSlackTest({ apiTimeoutMs: 300 });
    await seedCustomers(s.t.store, [aCustomer()]);
    s.fake.failNext(1, { delayMs: 1_000 }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    // People keep talking in the channel before Baton asks: the card is 450 messages back.
    const [card] = s.fake.channel('C0DELIVERY');
    for (let i = 0; i < 450; i++)
      s.fake.messages.push({
        channel: 'C0DELIVERY',
        ts: `${Math.floor(Number(card?.ts ?? 0)) + 1 + i}.000100`,
        text: `chatter ${i}`,
        bot_id: 'BOTHER',
      });
    for (let i = 0; i < 4; i++) await s.pass(20_000);
    expect(cardPosts(s)).toHaveLength(1);
    const lookups = s.fake.callsOf('conversations.history');
    expect(lookups.length).toBeGreaterThanOrEqual(3);
    expect(lookups.at(-1)?.args.cursor).toBeDefined();
    expect(await s.t.store.listDeliveries({ status: 'pending' })).toEqual([]);
  });

  it('a card for a channel Baton is not in waits, named, until someone invites Baton, then goes at once', async () => {
    await start();
    s.fake.failNext(1, { error: 'not_in_channel' }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    for (let i = 0; i < 3; i++) await s.pass(60_000);
    // Not failed (nothing is wrong with the card) and not posted again every minute either.
    expect(cardPosts(s)).toHaveLength(1);
    expect(await s.t.store.listDeliveries({ status: 'failed' })).toEqual([]);
    const [waiting] = await s.t.store.listDeliveries({ status: 'pending' });
    expect(waiting?.lastError).toBe(
      'not_in_channel: Baton is not in the Delivery channel (C0DELIVERY) yet; invite it there with /invite @Baton',
    );
    const ready = async () => {
      const r = await fetch(`${s.t.url}/readyz`);
      return { status: r.status, warnings: ((await r.json()) as { warnings?: string[] }).warnings };
    };
    expect(await ready()).toEqual({
      status: 200,
      warnings: [
        '1 delivery to slack not sent yet, tried again later: run baton check to see what keeps it back',
      ],
    });
    // Someone else joining the channel changes nothing.
    await s.slack.event('member-joined-channel.json', { user: 'U0TOM' });
    await s.pass(2_000);
    expect(cardPosts(s)).toHaveLength(1);
    // Priya invites Baton: Slack says Baton joined, and the card goes within seconds.
    await s.slack.event('member-joined-channel.json', {});
    await s.pass(2_000);
    expect(cardPosts(s).map((c) => c.status)).toEqual([200, 200]);
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(1);
    expect(messageIn(s, 'C0DELIVERY', 'Acme Corp')).toBeDefined();
    expect(await s.t.store.listDeliveries({ status: 'pending' })).toEqual([]);
    expect(await ready()).toEqual({ status: 200, warnings: undefined });
  });

  it('a card for a private channel Baton is not in (Slack: channel_not_found) waits, named with both fixes, until Baton is invited', async () => {
    await start();
    // Slack hides a private channel from those not in it: to Baton it does not exist.
    s.fake.failNext(1, { error: 'channel_not_found' }, 'chat.postMessage');
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    await s.pass(60_000);
    // Not failed, and not posted again every minute either.
    expect(cardPosts(s)).toHaveLength(1);
    expect(await s.t.store.listDeliveries({ status: 'failed' })).toEqual([]);
    const [waiting] = await s.t.store.listDeliveries({ status: 'pending' });
    expect(waiting?.lastError).toBe(
      'channel_not_found: Slack shows Baton no channel C0DELIVERY for Delivery: if it is private, invite Baton there ' +
        'with /invite @Baton; if not, fix teams.delivery.slack.channel in baton.config.yaml',
    );
    expect((await fetch(`${s.t.url}/readyz`)).status).toBe(200);
    // Invited, Baton hears itself join: the card goes at once.
    await s.slack.event('member-joined-channel.json', {});
    await s.pass(2_000);
    expect(messageIn(s, 'C0DELIVERY', 'Acme Corp')).toBeDefined();
    expect(await s.t.store.listDeliveries({ status: 'pending' })).toEqual([]);
  });

  it('paces posts to one channel at about one a second', async () => {
    await start(1);
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await handoffVia(s, 'U0DANA', 'Globex to delivery');
    await s.pass();
    const [first, second] = cardPosts(s);
    expect(second).toBeDefined();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });
});
