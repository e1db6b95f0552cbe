import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

const HOUR = 3_600_000;
const MIN = 60_000;

describe('Slack: digests, App Home, decline, reassign', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [
      aCustomer(),
      aCustomer({ id: 'cus_globex', name: 'Globex', aliases: [], language: 'en' }),
      aCustomer({ id: 'cus_initech', name: 'Initech', aliases: [], language: undefined }),
    ]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  it('several items due together arrive as one digest with buttons that work', async () => {
    for (const name of ['Acme Corp', 'Globex', 'Initech'])
      await handoffVia(s, 'U0DANA', `${name} to <@U0TOM|tom>`);
    await s.pass();
    // Sent to Tom by name: the cards go to his DM, not the channel.
    expect(s.fake.channel('DU0TOM')).toHaveLength(3);
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(0);

    // Accept within PT4H: the 50% nudges of all three fall due at Mon 17:00 London.
    await s.pass(2 * HOUR - MIN);
    expect(s.fake.channel('DU0TOM')).toHaveLength(3);
    await s.pass(MIN);
    const dms = s.fake.channel('DU0TOM');
    expect(dms).toHaveLength(4);
    const digest = dms[3];
    if (!digest) throw new Error('no digest');
    const seen = textOf(digest);
    expect(seen).toContain('You have 3 follow-ups due');
    for (const name of ['Acme Corp', 'Globex', 'Initech'])
      expect(seen).toContain(`${name} is waiting for you to accept`);
    expect(seen).toContain('Customer prefers Korean');

    // Accept Globex right there in the digest: the buttons under its item.
    const blocks = digest.blocks as Array<Record<string, unknown>>;
    const at = blocks.findIndex((b) => b.type === 'section' && JSON.stringify(b).includes('Globex'));
    const globexBlock = blocks[at + 1];
    expect(globexBlock?.type).toBe('actions');
    const accepted = await s.slack.click({ ...digest, blocks: [globexBlock] }, 'baton:accept', 'U0TOM');
    expect((await s.slack.answer(accepted.responseId)).text).toMatch(/^You now own Globex\./);
  });

  it('App Home shows the queue when opened and acts from there', async () => {
    // Korean Acme would go to Jae, Delivery's Korean speaker: Tom's queue holds Globex (English)
    // and Initech (no language recorded, so the company's English).
    await handoffVia(s, 'U0DANA', 'Initech to delivery');
    await handoffVia(s, 'U0DANA', 'Globex to delivery');
    await s.pass();
    const home = await s.slack.event('app-home-opened.json', {
      user: 'U0TOM',
      channel: 'DU0TOM',
      tab: 'home',
    });
    expect(home.status).toBe(200);
    const publish = await s.fake.waitFor((c) => c.method === 'views.publish' && c.args.user_id === 'U0TOM');
    const text = visibleText((publish.args.view as { blocks: unknown }).blocks);
    expect(text).toContain('Your queue');
    expect(text).toContain('Initech: Sales → Delivery');
    expect(text).toContain('Globex: Sales → Delivery');

    // Someone outside Baton's config gets told how to be added.
    await s.slack.event('app-home-opened.json', { user: 'U0STRANGER', tab: 'home' });
    const stranger = await s.fake.waitFor(
      (c) => c.method === 'views.publish' && c.args.user_id === 'U0STRANGER',
    );
    expect(visibleText((stranger.args.view as { blocks: unknown }).blocks)).toContain(
      'your Slack id is U0STRANGER',
    );

    // Accept from the Home tab: confirmed by DM, the Home refreshed.
    const publishes = s.fake.callsOf('views.publish').length;
    await s.slack.clickHome('U0TOM', 'baton:accept', 0);
    const dm = await s.fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'DU0TOM');
    expect(String(dm.args.text)).toMatch(/^You now own (Initech|Globex)\./);
    await s.fake.waitFor(() => s.fake.callsOf('views.publish').length > publishes);
    const after = s.fake.callsOf('views.publish').at(-1);
    expect(visibleText((after?.args.view as { blocks?: unknown } | undefined)?.blocks)).toContain('accepted');
  });

  it('decline asks for a reason, returns the handoff to the sender, and the card says why', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    // Sam (sales) may not decline a card meant for Delivery: told so before any modal opens.
    // Korean Acme was asked of Jae, Delivery's Korean speaker; anyone in Delivery may decline.
    const refused = await s.slack.click(card, 'baton:decline', 'U0SAM');
    expect((await s.slack.answer(refused.responseId)).text).toMatch(/^Only .*Jae-won Kim.* can do that/);
    expect(s.fake.callsOf('views.open').filter((c) => c.args.trigger_id === refused.trigger)).toHaveLength(0);

    const clicked = await s.slack.click(card, 'baton:decline', 'U0TOM');
    const modal = await s.slack.openedModal(clicked.trigger);
    expect(visibleText(modal.blocks)).toContain('Dana Reyes will see this');
    const blank = await s.slack.submit(modal, 'U0TOM', { reason: '  ' });
    expect(blank.json?.response_action).toBe('errors');
    await s.slack.submit(modal, 'U0TOM', { reason: 'No go-live date agreed with the customer' });
    expect((await s.slack.answer(clicked.responseId)).text).toBe(
      'Declined. Acme Corp went back to Dana Reyes with your reason.',
    );
    await s.pass();
    // The receiving channel's card says who declined, why, and where it went; fixing it is the sender's job.
    expect(textOf(card)).toContain(
      'Declined by Tom Becker: No go-live date agreed with the customer. It went back to Dana Reyes.',
    );
    expect(textOf(card)).not.toContain('Fix the context');
    expect(s.fake.channel('DU0DANA').map((m) => m.text)).toContain(
      'Acme Corp: Sales → Delivery: Tom Becker declined: No go-live date agreed with the customer. Fix the context and send it again.',
    );

    // Dana sends it again from the card: the form shows the reason and her context.
    const resend = await s.slack.click(card, 'baton:resend', 'U0DANA');
    const form = await s.slack.openedModal(resend.trigger);
    expect(visibleText(form.blocks)).toContain('No go-live date agreed');
    await s.slack.submit(form, 'U0DANA', { 'f:goLiveDate': '2027-02-01' });
    expect((await s.slack.answer(resend.responseId)).text).toContain('Handoff of Acme Corp sent to Delivery');
    await s.pass();
    expect(textOf(card)).toContain('Feb 1, 2027');
    expect(textOf(card)).toContain('Open: waiting for');
  });

  it('reassign with the people picker moves the card and tells the new person', async () => {
    // Globex is English: Tom, asked to accept it, may reassign it (Korean Acme would be Jae's).
    await handoffVia(s, 'U0DANA', 'Globex to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Globex');
    expect(textOf(card)).toContain('waiting for Tom Becker');

    const stranger = await s.slack.click(card, 'baton:reassign', 'U0TOM', { user: 'U0NOBODY' });
    expect((await s.slack.answer(stranger.responseId)).text).toContain(
      'I do not know anyone called "<@U0NOBODY>"',
    );
    const sales = await s.slack.click(card, 'baton:reassign', 'U0TOM', { user: 'U0SAM' });
    expect((await s.slack.answer(sales.responseId)).text).toContain('Sam Okafor is not in Delivery');

    const moved = await s.slack.click(card, 'baton:reassign', 'U0TOM', { user: 'U0PRIYA' });
    expect((await s.slack.answer(moved.responseId)).text).toBe('Globex is now with Priya Shah.');
    await s.pass();
    expect(textOf(card)).toContain('waiting for Priya Shah (Delivery) to accept');
    expect(s.fake.channel('C0DELIVERY', card.ts).at(-1)?.text).toBe(
      'Tom Becker reassigned this to Priya Shah.',
    );
    expect(textOf(s.fake.channel('DU0PRIYA').at(-1))).toContain('Tom Becker reassigned this to Priya Shah.');

    // Snooze from the card: Priya picks 4 hours.
    const snoozed = await s.slack.click(card, 'baton:snooze', 'U0PRIYA', { option: 'PT4H' });
    expect((await s.slack.answer(snoozed.responseId)).text).toBe(
      'Snoozed: I will remind you about Globex again at Nov 23, 2026, 7:00 PM GMT.',
    );
  });
});
