import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { startTestBaton, type TestBaton } from '../../support/harness.js';
import { FakeSlack } from './fake-slack.js';
import { FakeSocketMode } from './fake-socket.js';
import { aCustomer, seedCustomers, TOKEN } from './setup.js';
import { fixture, visibleText } from './slack-client.js';

async function until(cond: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Slack: Socket Mode (SLACK_APP_TOKEN, no public URL)', () => {
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let t: TestBaton;
  afterEach(async () => {
    await t.stop();
    socket.close();
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('connects out, answers commands over the socket, and serves no HTTP endpoint', async () => {
    fake = await new FakeSlack().start();
    if (!fake.server) throw new Error('no server');
    socket = new FakeSocketMode(fake.server);
    t = await startTestBaton({
      adapters: async (ctx) => [await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })],
      env: { SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: fake.url },
    });
    await seedCustomers(t.store, [aCustomer()]);
    await until(() => socket.connected);
    const opened = fake.callsOf('apps.connections.open')[0];
    expect(opened?.args._auth).toBe('Bearer xapp-test');
    await until(async () => (await fetch(`${t.url}/readyz`)).status === 200);

    const command = {
      ...fixture<Record<string, string>>('slash-command.json'),
      command: '/cx',
      text: 'help',
      user_id: 'U0DANA',
    };
    const help = (await socket.envelope('slash_commands', command)) as { text?: string };
    expect(help.text).toContain('/cx mine');

    const handoff = {
      ...command,
      command: '/handoff',
      text: 'Acme Corp to delivery',
      trigger_id: 'trigger.socket',
      response_url: fake.responseUrl('socket'),
    };
    await socket.envelope('slash_commands', handoff);
    const modal = await fake.waitFor(
      (c) => c.method === 'views.open' && c.args.trigger_id === 'trigger.socket',
    );
    expect(visibleText((modal.args.view as { blocks: unknown }).blocks)).toContain(
      'Acme Corp: Sales → Delivery',
    );

    expect((await fetch(`${t.url}/slack/events`, { method: 'POST' })).status).toBe(404);
  });
});
