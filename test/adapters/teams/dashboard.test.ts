import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, handOver, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

const PUBLIC = 'https://baton.example.com';

/** Every Action.OpenUrl in a card, wherever it sits. */
function openUrls(card: unknown): Array<{ title: string; url: string }> {
  const out: Array<{ title: string; url: string }> = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl') out.push({ title: String(o.title), url: String(o.url) });
    for (const val of Object.values(o)) if (typeof val === 'object') walk(val);
  };
  walk(card);
  return out;
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

describe('Teams: dashboard, in a 1:1 chat and in a channel, and the customer view button', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    tt = await startTeams({ env: { BATON_PUBLIC_URL: PUBLIC } });
    await tt.install(['tom', 'priya', 'dana']);
    await tt.seedCustomer();
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  async function callsDuring(write: () => Promise<unknown>): Promise<ConnectorCall[]> {
    const before = tt.connector.calls.length;
    await write();
    return tt.connector.calls.slice(before);
  }

  it('in a 1:1 chat: an Adaptive Card with the one-time link, which signs in once', async () => {
    const calls = await callsDuring(() => tt.dm('dana', 'dashboard'));
    expect(calls.map((c) => c.conversationId)).toEqual(['a:1to1-29:dana']);
    const card = cardOf(calls[0]);
    expect(cardText(card)).toContain('Valid for 10 minutes, for you only');
    const [open] = openUrls(card);
    expect(open?.title).toBe('Open dashboard');
    expect(open?.url).toMatch(new RegExp(`^${PUBLIC}/dashboard/login\\?token=[A-Za-z0-9_-]{20,}$`));
    const services = tt.t.baton.services;
    expect(await services.redeemDashboardLink(tokenOf(open?.url ?? ''))).toEqual({
      ok: true,
      person: 'dana',
    });
    expect(await services.redeemDashboardLink(tokenOf(open?.url ?? ''))).toEqual({
      ok: false,
      reason: 'used',
    });
  });

  it('asked in a channel: the link goes to the 1:1 chat, the channel hears only that it was sent', async () => {
    const calls = await callsDuring(() => tt.say('tom', 'dashboard'));
    const inChannel = calls.filter((c) => c.conversationId?.startsWith(IDS.general));
    expect(inChannel.map((c) => String(c.body.text))).toEqual(['I sent you a link in a private chat.']);
    expect(JSON.stringify(inChannel)).not.toContain('token=');
    const [dm] = tt.connector.sent('post', 'a:1to1-29:tom');
    const [open] = openUrls(cardOf(dm));
    expect(await tt.t.baton.services.redeemDashboardLink(tokenOf(open?.url ?? ''))).toEqual({
      ok: true,
      person: 'tom',
    });

    // Sam has never had a 1:1 chat with Baton: it is opened, as for a reminder, and the link sent there.
    const sam = await callsDuring(() => tt.say('sam', 'dashboard'));
    expect(sam.filter((c) => c.kind === 'create').map((c) => c.body.members)).toEqual([
      [{ id: '29:sam', name: '' }],
    ]);
    const samPosts = sam.filter((c) => c.kind === 'post' && !c.conversationId?.startsWith(IDS.general));
    expect(samPosts).toHaveLength(1);
    expect(openUrls(cardOf(samPosts[0]))).toHaveLength(1);
    expect(
      sam.filter((c) => c.conversationId?.startsWith(IDS.general)).map((c) => String(c.body.text)),
    ).toEqual(['I sent you a link in a private chat.']);
  });

  it('refuses a sixth link within 10 minutes in words; help lists the command', async () => {
    for (let i = 0; i < 5; i++) {
      const [reply] = await callsDuring(() => tt.dm('priya', 'dashboard'));
      expect(openUrls(cardOf(reply))).toHaveLength(1);
    }
    const [refused] = await callsDuring(() => tt.dm('priya', 'dashboard'));
    expect(String(refused?.body.text)).toBe(
      'You asked for several sign-in links in a short time. Please try again in 10 min.',
    );
    const [help] = await callsDuring(() => tt.dm('priya', 'help'));
    expect(cardText(cardOf(help))).toContain('cx dashboard');
  });

  it("the card and cx <customer> open the customer's page in the dashboard", async () => {
    const post = await handOver(tt);
    const customerPage = `${PUBLIC}/dashboard/customers/`;
    const card = cardOf(post);
    const link = openUrls(card).find((o) => o.title === 'Customer view');
    expect(link?.url.startsWith(customerPage)).toBe(true);
    // The card the accept answers with keeps the button.
    const accepted = await pressOn(tt, 'tom', card, 'accept', {}, { channel: IDS.delivery });
    expect(openUrls(cardOf(accepted)).map((o) => o.url)).toContain(link?.url);

    const [view] = await callsDuring(() => tt.dm('dana', 'cx Acme Corp'));
    expect(openUrls(cardOf(view))).toEqual([{ title: 'Customer view', url: link?.url }]);
  });
});
