import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import { createWebhooksAdapter } from '../../../adapters/webhooks/index.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from '../../adapters/slack/setup.js';
import type { ConnectorCall } from '../../adapters/teams/fake-connector.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../adapters/teams/fake-slack-api.js';
import { cardOf, IDS, startTeams, type TeamsTest } from '../../adapters/teams/helpers.js';
import { FIXTURES, fixtureJson, post, SECRETS, stripeSignature } from '../../adapters/webhooks/support.js';
import { liveIn, SLACK_HOSTILE, SLACK_LIVE, TEAMS_HOSTILE, TEAMS_LIVE } from './live-tokens.js';
import { slackShown, teamsShown } from './shown.js';

type Json = Record<string, unknown>;

/** Issue 16's buyer, with the same trick for Teams after it. */
const NAME = `${SLACK_HOSTILE} ${TEAMS_HOSTILE}`;

/** Slack's text objects that are mrkdwn (and plain_text, to read what is shown), and a message's `text`. */
function slackMrkdwn(message: { text?: unknown; blocks?: unknown }, withPlain = false): string[] {
  const out = typeof message.text === 'string' ? [message.text] : [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    if ((o.type === 'mrkdwn' || (withPlain && o.type === 'plain_text')) && typeof o.text === 'string')
      out.push(o.text);
    Object.values(o).forEach(walk);
  };
  walk(message.blocks);
  return out;
}

/** Teams' Markdown in an activity: its text, and the TextBlocks and facts of its card. */
function teamsMarkdown(call: ConnectorCall): string[] {
  const out = typeof call.body.text === 'string' ? [call.body.text] : [];
  if (!call.body.attachments) return out;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet')
      for (const f of (o.facts as Array<{ title: string; value: string }>) ?? []) out.push(f.title, f.value);
    Object.values(o).forEach(walk);
  };
  walk(cardOf(call));
  return out;
}

/** What would notify, link or format in a Slack message: the one check every Slack test here makes. */
function slackTricks(texts: string[]): string[] {
  return texts.flatMap((t) => liveIn(t, SLACK_LIVE));
}

function teamsTricks(texts: string[]): string[] {
  return texts.flatMap((t) => liveIn(t, TEAMS_LIVE));
}

describe('the checks can fail (control)', () => {
  it('finds the live tokens in the unescaped name, as it reached chat.postMessage before', () => {
    expect(slackTricks([NAME])).toEqual(
      expect.arrayContaining([
        'special mention <!channel>',
        'link <https://evil…|label>',
        'any <https://evil',
      ]),
    );
    expect(slackTricks([`Acme: ${NAME} → Delivery`])).not.toEqual([]);
    expect(teamsTricks([NAME])).toContain('inline link [label](https://evil…)');
  });
});

describe('a Stripe buyer named like a Slack mention and a link', () => {
  let tt: TeamsTest | undefined;
  let slack: FakeSlackApi | undefined;
  afterEach(async () => {
    await tt?.stop();
    await slack?.close();
  });

  it('reaches the Slack Web API and the Teams connector as text, in the card and in its fallback', async () => {
    slack = await startFakeSlackApi();
    tt = await startTeams({
      env: {
        ...SECRETS,
        BATON_CONFIG: path.join(FIXTURES, 'baton.config.yaml'),
        SLACK_BOT_TOKEN: 'xoxb-escape',
        SLACK_SIGNING_SECRET: 'escape-signing-secret',
        SLACK_API_URL: slack.url,
      },
      adapters: async (ctx) => [
        await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 }),
        await createTeamsAdapter(ctx),
        await createWebhooksAdapter(ctx),
      ],
    });
    await tt.install();
    const event = fixtureJson<{ data: { object: { customer_details: { name: string } } } }>(
      'stripe-checkout-session-completed.json',
    );
    event.data.object.customer_details.name = NAME;
    const body = JSON.stringify(event);
    const nowS = Math.floor(tt.t.clock.now().getTime() / 1000);
    const r = await post(tt.t.url, '/hooks/stripe', body, {
      'stripe-signature': stripeSignature(body, nowS),
    });
    expect(r.status).toBe(202);

    const slackPost = () => slack?.of('chat.postMessage').find((c) => c.args.channel === 'C0DELIVERY');
    const teamsPost = () => tt?.connector.sent('post', IDS.delivery)[0];
    for (let i = 0; i < 20 && !(slackPost() && teamsPost()); i++) await tt.t.advance(1_000);
    expect((await tt.t.store.listCustomers())[0]?.name).toBe(NAME);

    const sent = slackPost();
    expect(sent, 'the card in the Delivery channel in Slack').toBeDefined();
    const args = sent?.args ?? {};
    const text = String(args.text);
    const blocks = JSON.stringify(args.blocks);
    for (const where of [text, blocks]) {
      expect(where).not.toContain('<!channel>');
      expect(where).not.toContain('<https://evil');
      expect(where).toContain('&lt;!channel&gt;');
    }
    expect(slackTricks(slackMrkdwn(args))).toEqual([]);
    // The person reads the name as the buyer typed it.
    expect(slackShown(text)).toContain(SLACK_HOSTILE);

    const card = teamsPost();
    expect(card, 'the card in the Delivery channel in Teams').toBeDefined();
    const markdown = teamsMarkdown(card as ConnectorCall);
    expect(teamsTricks(markdown)).toEqual([]);
    expect(markdown.join('\n')).not.toMatch(/\]\(https:\/\/evil/);
    expect(teamsShown(markdown.join('\n'))).toContain(TEAMS_HOSTILE);
  });
});

describe('/cx answers about that customer', () => {
  let s: SlackTest | undefined;
  let tt: TeamsTest | undefined;
  afterEach(async () => {
    await s?.stop();
    await tt?.stop();
  });

  it('Slack: the ephemeral view through response_url, and the contact reply, are escaped', async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer({ name: NAME, aliases: ['Evil'] })]);
    const view = await s.slack.command('/cx', 'Evil', 'U0DANA');
    expect(view.res.status).toBe(200);
    const answer = await s.slack.answer(view.responseId);
    expect(answer.response_type).toBe('ephemeral');
    // The title (plain_text) and the fallback name the customer as the buyer typed it.
    expect(slackMrkdwn({ blocks: answer.blocks }, true).map(slackShown)).toContain(NAME);
    expect(slackShown(String(answer.text))).toContain(SLACK_HOSTILE);
    expect(slackTricks(slackMrkdwn(answer))).toEqual([]);
    expect(JSON.stringify(answer)).not.toContain('<!channel>');

    const contact = await s.slack.command('/cx', 'contact Evil call', 'U0DANA');
    const logged = await s.slack.answer(contact.responseId);
    expect(slackShown(String(logged.text))).toContain(`with ${SLACK_HOSTILE}`);
    expect(slackTricks([String(logged.text)])).toEqual([]);
    expect(s.fake.violations).toEqual([]);
  });

  it('Teams: the cx card and the contact reply are escaped', async () => {
    tt = await startTeams();
    await tt.install(['dana']);
    await tt.seedCustomer({ name: NAME, aliases: ['Evil'] });
    const replyTo = async (text: string) => {
      const before = tt?.connector.calls.length ?? 0;
      await tt?.dm('dana', text);
      const reply = tt?.connector.calls.slice(before).find((c) => c.kind === 'reply');
      if (!reply) throw new Error(`no answer to ${text}`);
      return reply;
    };
    const view = teamsMarkdown(await replyTo('cx Evil'));
    expect(teamsShown(view.join('\n'))).toContain(TEAMS_HOSTILE);
    expect(teamsTricks(view)).toEqual([]);

    const logged = teamsMarkdown(await replyTo('contact Evil call'));
    expect(teamsShown(logged.join('\n'))).toContain(TEAMS_HOSTILE);
    expect(teamsTricks(logged)).toEqual([]);
  });
});
