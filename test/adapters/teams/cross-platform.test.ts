import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import { REPO, tempDir } from '../../support/harness.js';
import { type FakeSlackApi, postSlackInteraction, startFakeSlackApi } from './fake-slack-api.js';
import { cardOf, cardText, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

const SECRET = 'cross-platform-signing-secret';

type Config = {
  teams: Record<string, { slack?: unknown; teams?: unknown }>;
};

/** The example organisation, with Sales and Care on Slack only and Delivery on Teams only. */
async function splitConfig(dir: string): Promise<string> {
  const config = parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8')) as Config;
  for (const key of ['marketing', 'sales', 'care']) delete config.teams[key]?.teams;
  delete config.teams.delivery?.slack;
  const file = path.join(dir, 'baton.config.yaml');
  await writeFile(file, stringify(config));
  return file;
}

type Block = {
  type: string;
  elements?: Array<{ type: string; action_id?: string; value?: string }>;
  block_id?: string;
};

describe('a handoff across platforms: Slack Sales → Teams Delivery → Slack Care', () => {
  let tt: TeamsTest;
  let slack: FakeSlackApi;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    slack = await startFakeSlackApi();
    const tmp = await tempDir('baton-cross-');
    cleanup = tmp.cleanup;
    tt = await startTeams({
      env: {
        BATON_CONFIG: await splitConfig(tmp.dir),
        SLACK_BOT_TOKEN: 'xoxb-cross-platform',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.url,
      },
      adapters: async (ctx) => [
        await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 }),
        await createTeamsAdapter(ctx),
      ],
    });
    await tt.install(['tom']);
    await tt.seedCustomer();
  });
  afterEach(async () => {
    await tt.stop();
    await slack.close();
    await cleanup();
  });

  it('crosses over and back, each card updated in place on its platform, each sender told on theirs', async () => {
    // Dana hands over in Slack (the /handoff modal's submit calls this service).
    const customer = (await tt.t.store.customerNames())[0]?.id ?? '';
    const started = await tt.t.baton.services.startHandoff({
      actor: 'dana',
      customer: { id: customer },
      to: { team: 'delivery' },
      context: { summary: 'Annual plan', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
      source: { kind: 'person', platform: 'slack' },
    });
    expect(started.ok).toBe(true);
    await tt.t.advance(0);
    const [post] = tt.connector.sent('post', IDS.delivery);
    expect(cardText(cardOf(post))).toContain('Acme Corp: Sales → Delivery');
    expect(slack.of('chat.postMessage').filter((c) => c.args.channel === 'C0DELIVERY')).toEqual([]);

    // Tom accepts in Teams; Dana hears of it in Slack.
    const accepted = await pressOn(tt, 'tom', cardOf(post), 'accept', {}, { channel: IDS.delivery });
    expect(cardText(cardOf(accepted))).toContain('Accepted by Tom Becker');
    await tt.t.advance(0);
    expect(tt.connector.sent('update', IDS.delivery)).toHaveLength(1);
    expect(slack.of('conversations.open').map((c) => c.args.users)).toContain('U0DANA');
    const toDana = slack.of('chat.postMessage').filter((c) => c.args.channel === 'D0DANA');
    expect(JSON.stringify(toDana)).toContain('Tom Becker accepted this handoff');

    // After the go-live, Tom hands over to Care, which works in Slack.
    await pressOn(tt, 'tom', cardOf(accepted), 'contact', { channel: 'call' }, { channel: IDS.delivery });
    await tt.say('tom', 'handoff Acme Corp to care', { channel: IDS.delivery, thread: '7001' });
    const form = tt.connector
      .sent('reply')
      .find((c) => c.conversationId === `${IDS.delivery};messageid=7001`);
    const sent = await pressOn(
      tt,
      'tom',
      cardOf(form),
      'handoff',
      { 'f.summary': 'Live since Monday' },
      { channel: IDS.delivery },
    );
    expect(cardText(cardOf(sent))).toContain('Handoff of Acme Corp sent to Customer Care');
    await tt.t.advance(0);
    const careCard = slack.of('chat.postMessage').find((c) => c.args.channel === 'C0CARE');
    expect(careCard).toBeDefined();
    const blocks = (careCard?.args.blocks ?? []) as Block[];
    const actions = blocks.find((b) => b.type === 'actions');
    const accept = actions?.elements?.find((e) => e.action_id?.endsWith('accept'));
    expect(accept?.value).toBeDefined();

    // Ji-woo accepts in Slack: the Slack card is updated, and Tom hears of it in Teams.
    const ts = '1763900003.000100';
    const status = await postSlackInteraction(tt.t.url, SECRET, {
      type: 'block_actions',
      user: { id: 'U0JIWOO', username: 'jiwoo', team_id: 'T0BATON' },
      api_app_id: 'A0BATON',
      token: 'legacy',
      trigger_id: '1.2.3',
      team: { id: 'T0BATON', domain: 'baton' },
      container: { type: 'message', message_ts: ts, channel_id: 'C0CARE', is_ephemeral: false },
      channel: { id: 'C0CARE', name: 'care' },
      message: { type: 'message', ts, text: String(careCard?.args.text ?? ''), blocks },
      actions: [
        {
          type: 'button',
          action_id: accept?.action_id,
          block_id: actions?.block_id,
          value: accept?.value,
          action_ts: ts,
        },
      ],
    });
    expect(status).toBe(200);
    const tomBefore = tt.connector.sent('post', 'a:1to1-29:tom').length;
    for (let i = 0; i < 20 && tt.connector.sent('post', 'a:1to1-29:tom').length === tomBefore; i++) {
      await new Promise((r) => setTimeout(r, 50));
      await tt.t.advance(0);
    }
    expect(slack.of('chat.update').some((c) => c.args.channel === 'C0CARE')).toBe(true);
    const toTom = tt.connector
      .sent('post', 'a:1to1-29:tom')
      .slice(tomBefore)
      .map((c) => cardText(cardOf(c)));
    expect(toTom.join('\n')).toContain('Ji-woo Park accepted this handoff');
  });
});
