// The Slack bench's yardsticks, each in a process of its own like Baton (forked by slack-bench.ts
// with SLACK_BASELINE=bare|echo): Bolt configured as Baton configures it (HTTPReceiver on
// /slack/events, acks before processing, an authorize that returns the token without a call,
// no conversation store, no ignoreSelf middleware, a Web client without retries).
//   bare: acks, nothing else.  echo: acks and posts one fixed reply to the response_url.
// Kept in step with adapters/slack/index.ts by hand: the bench imports nothing from the adapter.
import { createServer } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { listen } from './support.js';

export const ECHO_REPLY = 'bench echo: done';

async function serve(kind: 'bare' | 'echo', apiUrl: string, secret: string): Promise<number> {
  const receiver = new HTTPReceiver({
    signingSecret: secret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-bench', botId: 'BBENCH', botUserId: 'UBENCH' }),
    clientOptions: {
      slackApiUrl: `${apiUrl}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    },
    convoStore: false,
    ignoreSelf: false,
    logLevel: LogLevel.ERROR,
  });
  app.command(/.*/, async ({ ack, respond }) => {
    await ack();
    if (kind === 'echo') await respond({ text: ECHO_REPLY, response_type: 'ephemeral' });
  });
  app.action(/.*/, async ({ ack, respond }) => {
    await ack();
    if (kind === 'echo') await respond({ text: ECHO_REPLY, replace_original: false });
  });
  const server = createServer((req, res) => receiver.requestListener(req, res));
  server.keepAliveTimeout = 60_000;
  return Number(new URL(await listen(server)).port);
}

const kind = process.env.SLACK_BASELINE;
if ((kind === 'bare' || kind === 'echo') && process.send) {
  serve(kind, process.env.SLACK_BASELINE_API ?? '', process.env.SLACK_BASELINE_SECRET ?? '').then(
    (port) => process.send?.({ port }),
    (err: unknown) => {
      process.stderr.write(`slack baseline failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
  process.once('disconnect', () => process.exit(0));
}
