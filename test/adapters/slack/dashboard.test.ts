import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeCall } from './fake-slack.js';
import { handoffVia, messageIn } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

type Json = Record<string, unknown>;
const PUBLIC = 'https://baton.example.com';

/** Every button with a URL in a list of blocks. */
function urlButtons(blocks: unknown): Array<{ text: string; url: string; action_id: string }> {
  const out: Array<{ text: string; url: string; action_id: string }> = [];
  for (const b of (blocks as Json[] | undefined) ?? []) {
    if (b.type !== 'actions') continue;
    for (const e of (b.elements as Json[]) ?? [])
      if (typeof e.url === 'string')
        out.push({ text: String((e.text as Json).text), url: e.url, action_id: String(e.action_id) });
  }
  return out;
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

/** Calls that put something where more than one person reads it: a channel post, not a DM or an ephemeral answer. */
const inChannels = (s: SlackTest): FakeCall[] =>
  s.fake.calls.filter(
    (c) =>
      (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
      String(c.args.channel).startsWith('C'),
  );

describe('Slack: the dashboard link and the customer view button', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest({ env: { BATON_PUBLIC_URL: PUBLIC } });
    await seedCustomers(s.t.store, [aCustomer()]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  const cxDashboard = async (user: string) => {
    const { res, responseId } = await s.slack.command('/cx', 'dashboard', user);
    expect(res.status).toBe(200);
    if (res.json?.text) return res.json as Json;
    return s.slack.answer(responseId);
  };

  it('/cx dashboard answers only the caller with a one-time link that signs them in once', async () => {
    const answer = await cxDashboard('U0DANA');
    expect(answer.response_type).toBe('ephemeral');
    const text = visibleText(answer.blocks);
    expect(text).toContain('Valid for 10 minutes, for you only');
    const [button] = urlButtons(answer.blocks);
    expect(button?.text).toBe('Open dashboard');
    expect(button?.url).toMatch(new RegExp(`^${PUBLIC}/dashboard/login\\?token=[A-Za-z0-9_-]{20,}$`));
    const token = tokenOf(button?.url ?? '');
    // Nowhere else: no channel post, no DM carries it.
    expect(JSON.stringify(s.fake.callsOf('chat.postMessage'))).not.toContain(token);

    const services = s.t.baton.services;
    expect(await services.redeemDashboardLink(token)).toEqual({ ok: true, person: 'dana' });
    expect(await services.redeemDashboardLink(token)).toEqual({ ok: false, reason: 'used' });

    // A click on the link button is acknowledged and nothing else happens (no help, no message).
    const before = s.fake.calls.length;
    const clicked = await s.slack.click(
      { channel: 'C0SALES', ts: '1.1', blocks: answer.blocks as unknown[], bot_id: 'B' },
      button?.action_id ?? '',
      'U0DANA',
    );
    expect(clicked.res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.fake.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a sixth link within 10 minutes in words, and a stranger is told how to be added', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const a = await cxDashboard('U0SAM');
      tokens.add(tokenOf(urlButtons(a.blocks)[0]?.url ?? ''));
    }
    expect(tokens.size).toBe(5);
    const refused = await cxDashboard('U0SAM');
    expect(refused.response_type).toBe('ephemeral');
    expect(String(refused.text)).toBe(
      'You asked for several sign-in links in a short time. Please try again in 10 min.',
    );
    expect(urlButtons(refused.blocks)).toEqual([]);
    // Ten minutes later the window has moved on.
    s.t.clock.advance(10 * 60_000 + 1);
    expect(urlButtons((await cxDashboard('U0SAM')).blocks)).toHaveLength(1);

    const stranger = await cxDashboard('U0STRANGER');
    expect(visibleText(stranger.blocks)).toContain('your Slack id is U0STRANGER');
    expect(urlButtons(stranger.blocks)).toEqual([]);
  });

  it('the App Home button sends the link by DM, never into the Home tab or a channel', async () => {
    await s.slack.event('app-home-opened.json', { user: 'U0PRIYA', channel: 'DU0PRIYA', tab: 'home' });
    const publish = await s.fake.waitFor((c) => c.method === 'views.publish' && c.args.user_id === 'U0PRIYA');
    const home = (publish.args.view as { blocks: unknown[] }).blocks;
    expect(visibleText(home)).toContain('Open dashboard');
    expect(JSON.stringify(home)).not.toContain('token=');

    await s.slack.clickHome('U0PRIYA', 'baton:dashboard');
    const dm = await s.fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'DU0PRIYA');
    const [button] = urlButtons(dm.args.blocks);
    expect(visibleText(dm.args.blocks)).toContain('for you only');
    expect(await s.t.baton.services.redeemDashboardLink(tokenOf(button?.url ?? ''))).toEqual({
      ok: true,
      person: 'priya',
    });
    expect(JSON.stringify(inChannels(s))).not.toContain('token=');
  });

  it("the card and /cx <customer> link to the customer's page in the dashboard", async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    const customerPage = `${PUBLIC}/dashboard/customers/cus_acme`;
    expect(urlButtons(card.blocks)).toContainEqual(
      expect.objectContaining({ text: 'Customer view', url: customerPage }),
    );
    // Still there, beside the actions, after the card changes.
    await s.slack.click(card, 'baton:accept', 'U0TOM');
    await s.pass();
    const updated = s.fake.callsOf('chat.update').at(-1);
    expect(urlButtons(updated?.args.blocks)).toContainEqual(expect.objectContaining({ url: customerPage }));

    const { responseId } = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
    const view = await s.slack.answer(responseId);
    expect(urlButtons(view.blocks)).toEqual([
      expect.objectContaining({ text: 'Customer view', url: customerPage }),
    ]);
  });

  it("/cx gaps links each customer's name to their dashboard page, the name escaped", async () => {
    await seedCustomers(s.t.store, [
      aCustomer({
        id: 'cus_odd',
        name: 'Odd <b>|Co> & Sons',
        aliases: [],
        externalIds: {},
        postPurchase: true,
        contactDueAt: '2026-11-01T10:00:00.000Z',
      }),
    ]);
    const { responseId } = await s.slack.command('/cx', 'gaps', 'U0DANA');
    const answer = await s.slack.answer(responseId);
    const mrkdwn = JSON.stringify(answer.blocks);
    // One link, to our own page; what the name holds is text, not markup or a second link.
    expect(mrkdwn).toContain(`<${PUBLIC}/dashboard/customers/cus_odd|Odd &lt;b&gt;|Co&gt; &amp; Sons`);
    expect(mrkdwn).not.toContain('<b>');
    // Acme is within its contact SLA: not a gap, so no link to its page.
    expect(mrkdwn).not.toContain('/dashboard/customers/cus_acme');
  });
});
