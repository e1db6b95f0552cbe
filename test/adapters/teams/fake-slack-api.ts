import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * Just enough of Slack's Web API for a handoff that crosses platforms: every
 * method answers `ok`, posts get a timestamp, DMs a channel. Arguments are
 * recorded as sent (Block Kit JSON parsed back).
 */
export interface FakeSlackApi {
  url: string;
  calls: SlackCall[];
  of(method: string): SlackCall[];
  close(): Promise<void>;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  let ts = 1_763_900_000;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args: Record<string, unknown> = {};
      if ((req.headers['content-type'] ?? '').includes('json'))
        Object.assign(args, raw ? JSON.parse(raw) : {});
      else {
        for (const [k, v] of new URLSearchParams(raw)) {
          try {
            args[k] = k === 'blocks' || k === 'view' || k === 'metadata' ? JSON.parse(v) : v;
          } catch {
            args[k] = v;
          }
        }
      }
      calls.push({ method, args });
      const channel = typeof args.channel === 'string' ? args.channel : undefined;
      const answer: Record<string, unknown> = { ok: true };
      if (method === 'auth.test')
        Object.assign(answer, { user_id: 'UBATON', bot_id: 'BBATON', team_id: 'T0BATON' });
      if (method === 'conversations.open')
        answer.channel = { id: `D${String(args.users ?? 'X').replace(/^U/, '')}` };
      if (method === 'chat.postMessage' || method === 'chat.update') {
        answer.channel = channel;
        answer.ts = method === 'chat.update' ? args.ts : `${++ts}.000100`;
      }
      if (method === 'conversations.history' || method === 'conversations.replies') answer.messages = [];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    of: (method) => calls.filter((c) => c.method === method),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A Slack interaction as Slack signs it (v0 HMAC of the timestamp and the form body). */
export async function postSlackInteraction(
  batonUrl: string,
  secret: string,
  payload: unknown,
): Promise<number> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`${batonUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature,
    },
    body,
  });
  await res.text();
  return res.status;
}
