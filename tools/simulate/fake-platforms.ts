import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message a person or a channel could read, as the platform received it. */
export interface Received {
  /** Simulated time it arrived. */
  at: number;
  platform: 'slack' | 'teams';
  /** The DM's reader (by their platform id), when it is a direct message. */
  userId?: string;
  /** The channel (Slack) or channel conversation (Teams), when it is not a DM. */
  channel?: string;
  kind: 'post' | 'update' | 'reply';
  /** Every string in the message (text, blocks, card body), one per line. */
  text: string;
}

export interface Outage {
  from: number;
  to: number;
}

/**
 * Slack's Web API and the Bot Framework connector, both on one loopback
 * server, kept small so a quarter of messages costs little. They record what
 * people would read, at the simulated time, and answer the real wire format,
 * including 5xx and 429 with Retry-After during an outage. The oracle reads
 * only `received`.
 */
export class FakePlatforms {
  readonly received: Received[] = [];
  /** Calls answered with an error during outages. */
  refused = 0;
  /** Messages swallowed on purpose (the control): answered as sent, never shown. */
  readonly swallowed: string[] = [];
  /** Slack posts by the delivery id Baton tags them with: more than one is a message posted twice. */
  readonly slackPostsByDelivery = new Map<string, number>();
  /** A predicate over a message's text: true swallows it (answered 200, never recorded). */
  swallow: ((text: string, userId: string | undefined) => boolean) | undefined;
  private server: Server | undefined;
  private base = '';
  private seq = 0;
  private readonly slackHistory = new Map<string, Array<{ ts: string; metadata?: unknown }>>();

  constructor(
    private readonly now: () => number,
    private readonly outages: readonly Outage[] = [],
  ) {}

  get slackUrl(): string {
    return `${this.base}/slack/api/`;
  }
  get teamsUrl(): string {
    return `${this.base}/`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch(() => res.destroy());
    });
    server.keepAliveTimeout = 30_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private down(): boolean {
    const t = this.now();
    return this.outages.some((o) => o.from <= t && t < o.to);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = (req.url ?? '/').split('?')[0] ?? '/';
    const slack = /^\/slack\/api\/([\w.]+)/.exec(url);
    if (this.down() && !(slack && slack[1] === 'auth.test')) {
      // Half the outage answers are throttling with a Retry-After, half are server errors.
      this.refused++;
      if (this.refused % 2 === 0) {
        const body = slack ? { ok: false, error: 'ratelimited' } : { error: { code: 'Throttled' } };
        return answer(res, 429, body, { 'retry-after': '30' });
      }
      return answer(res, slack ? 500 : 503, slack ? { ok: false } : { error: { code: 'ServiceError' } });
    }
    const r = slack
      ? this.slack(slack[1] ?? '', parseArgs(raw, String(req.headers['content-type'])))
      : this.teams(req.method ?? 'GET', url, parseJson(raw) as Record<string, unknown>);
    answer(res, r.status, r.body);
  }

  private record(r: Omit<Received, 'at'>): boolean {
    if (this.swallow?.(r.text, r.userId)) {
      this.swallowed.push(r.text);
      return false;
    }
    this.received.push({ at: this.now(), ...r });
    return true;
  }

  private slack(method: string, args: Record<string, unknown>): Reply {
    switch (method) {
      case 'auth.test':
        return reply(200, { ok: true, team_id: 'T0SIM', user_id: 'UBATON', bot_id: 'BBATON' });
      case 'conversations.open':
        return reply(200, { ok: true, channel: { id: `D${String(args.users)}` } });
      case 'conversations.history':
      case 'conversations.replies': {
        const list = [...(this.slackHistory.get(String(args.channel)) ?? [])].reverse();
        return reply(200, { ok: true, messages: list, has_more: false });
      }
      case 'chat.postMessage':
      case 'chat.update': {
        const channel = String(args.channel);
        const dm = channel.startsWith('D');
        const text = strings([args.text, parseJson(args.blocks)]).join('\n');
        const ts = method === 'chat.update' ? String(args.ts) : `${1_800_000_000 + ++this.seq}.000000`;
        this.record({
          platform: 'slack',
          ...(dm ? { userId: channel.slice(1) } : { channel }),
          kind: method === 'chat.update' ? 'update' : args.thread_ts ? 'reply' : 'post',
          text,
        });
        if (method === 'chat.postMessage') {
          const metadata = parseJson(args.metadata) as { event_payload?: { delivery?: string } } | undefined;
          const delivery = metadata?.event_payload?.delivery;
          if (delivery)
            this.slackPostsByDelivery.set(delivery, (this.slackPostsByDelivery.get(delivery) ?? 0) + 1);
          const list = this.slackHistory.get(channel) ?? [];
          list.push({ ts, metadata });
          this.slackHistory.set(channel, list);
        }
        return reply(200, { ok: true, channel, ts });
      }
      default:
        return reply(200, { ok: true });
    }
  }

  private teams(method: string, path: string, body: Record<string, unknown>): Reply {
    const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
    if (!m) return reply(404, { error: { code: 'NotFound' } });
    const conversation = m[1] ? decodeURIComponent(m[1]) : undefined;
    if (!conversation) {
      const members = (body.members as Array<{ id: string }> | undefined) ?? [];
      return reply(201, { id: `a:1to1-${members[0]?.id ?? 'nobody'}`, serviceUrl: this.teamsUrl });
    }
    const dm = conversation.startsWith('a:1to1-');
    const kind =
      method === 'PUT' ? 'update' : m[2] || conversation.includes(';messageid=') ? 'reply' : 'post';
    this.record({
      platform: 'teams',
      ...(dm
        ? { userId: conversation.slice('a:1to1-'.length) }
        : { channel: conversation.split(';')[0] ?? '' }),
      kind,
      text: strings([body.text, body.attachments]).join('\n'),
    });
    if (method === 'PUT') return reply(200, { id: m[2] });
    return reply(201, { id: String(++this.seq) });
  }
}

/** All strings in a JSON value, depth first, except identifiers a person never reads. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) if (k !== 'action_id' && k !== 'block_id') strings(x, out);
  return out;
}

interface Reply {
  status: number;
  body: unknown;
}

const reply = (status: number, body: unknown): Reply => ({ status, body });

function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function parseArgs(raw: string, type: string): Record<string, unknown> {
  if (type.includes('application/json')) return (parseJson(raw) as Record<string, unknown>) ?? {};
  return Object.fromEntries(new URLSearchParams(raw));
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}
