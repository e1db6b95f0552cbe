import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { historyPage, slackTs } from '../../adapters/slack/history-page.js';

/** One chat.postMessage as Slack saw it. */
export interface Post {
  /** The delivery id the notifier puts in the message metadata. */
  delivery: string;
  /** Which replica sent it: the first segment of the path (each replica gets its own SLACK_API_URL). */
  replica: string;
  channel: string;
  ts: string;
  at: number;
  /** The message's text (the card's fallback), to tell posts apart without Baton's ids. */
  text: string;
  /** Whether the sender got Slack's answer; false while it is held, or when the connection died first. */
  answered: boolean;
  /**
   * Set by `onPost` to hold the answer until this settles (the sender's
   * death): a loaded machine may take longer than `slowMs` to kill it.
   */
  holdUntil?: Promise<unknown>;
}

interface Stored {
  ts: string;
  metadata?: unknown;
}

export interface CountingSlackOptions {
  /** Answer every post this much later, after it was recorded (a slow Slack). */
  slowMs?: number;
  /** Cut the connection, after recording, of every n-th post (0: never): the sender cannot know it went out. */
  dropEvery?: number;
  /**
   * Answer history without any message metadata, as Slack does when
   * `include_all_metadata` is missing: a look-up never finds Baton's post.
   * For controls that show a re-posted card would be counted.
   */
  hideMetadata?: boolean;
  /** Answer every post 429 with Retry-After: 1, recording nothing (holds the posts back until unset). */
  throttle?: boolean;
}

/**
 * A Slack Web API for many processes at once: it counts chat.postMessage per
 * delivery id and per replica, and answers conversations.history with the
 * messages it kept (metadata included), so a replica that lost an answer can
 * find its post. Replicas are told apart by the path prefix of their
 * SLACK_API_URL, since the notifier sends nothing that names its replica.
 * Small on purpose: test/adapters/slack/fake-slack.ts also validates Block Kit on every
 * post, which at ten thousand posts would cost more CPU than the replicas.
 */
export class CountingSlack {
  readonly posts: Post[] = [];
  readonly byDelivery = new Map<string, number>();
  readonly byReplica = new Map<string, number>();
  /** Posts whose answer was cut on purpose. */
  dropped = 0;
  /** Web API calls by method (history look-ups, opens, ...). */
  readonly calls = new Map<string, number>();
  private readonly channels = new Map<string, Stored[]>();
  private server: Server | undefined;
  private seq = 0;
  private lastTs: string | undefined;
  private base = '';
  /** Called as each post is recorded, before it is answered (a test may kill the sender here). */
  onPost: ((p: Post) => void) | undefined;

  constructor(public options: CountingSlackOptions = {}) {}

  /** The SLACK_API_URL for one replica. */
  url(replica: string): string {
    return `${this.base}/${encodeURIComponent(replica)}/api/`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch(() => res.destroy());
    });
    // The replicas keep their connections open across thousands of posts.
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

  /** Delivery ids posted more than once. */
  duplicates(): string[] {
    return [...this.byDelivery].filter(([, n]) => n > 1).map(([id]) => id);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const match = /^\/([^/]+)\/api\/([\w.]+)/.exec(req.url ?? '');
    if (!match) return answer(res, 404, { ok: false, error: 'unknown_method' });
    const replica = decodeURIComponent(match[1] ?? '');
    const method = match[2] ?? '';
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    switch (method) {
      case 'auth.test':
        return answer(res, 200, {
          ok: true,
          team_id: 'T0TEST',
          user_id: 'UBATON',
          bot_id: 'BBATON',
          url: 'https://example.slack.com/',
        });
      case 'conversations.open':
        return answer(res, 200, { ok: true, channel: { id: `D${String(args.users)}` } });
      case 'conversations.history':
        return answer(
          res,
          200,
          historyPage(
            this.channels.get(String(args.channel)) ?? [],
            this.options.hideMetadata ? { ...args, include_all_metadata: false } : args,
            'newest-first',
          ),
        );
      case 'chat.postMessage':
        return this.post(replica, args, res);
      default:
        return answer(res, 200, { ok: true });
    }
  }

  private async post(replica: string, args: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (this.options.throttle) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const channel = String(args.channel);
    const metadata = parseJson(args.metadata) as { event_payload?: { delivery?: unknown } } | undefined;
    const delivery = String(metadata?.event_payload?.delivery ?? '');
    const n = ++this.seq;
    const ts = slackTs(Date.now(), this.lastTs);
    this.lastTs = ts;
    const post: Post = {
      delivery,
      replica,
      channel,
      ts,
      at: Date.now(),
      text: String(args.text ?? ''),
      answered: false,
    };
    this.posts.push(post);
    this.byDelivery.set(delivery, (this.byDelivery.get(delivery) ?? 0) + 1);
    this.byReplica.set(replica, (this.byReplica.get(replica) ?? 0) + 1);
    const list = this.channels.get(channel) ?? [];
    list.push(metadata === undefined ? { ts } : { ts, metadata });
    this.channels.set(channel, list);
    this.onPost?.(post);
    const { slowMs = 0, dropEvery = 0 } = this.options;
    if (dropEvery > 0 && n % dropEvery === 0) {
      // Posted, but the answer never arrives: the replica sees a reset connection.
      this.dropped++;
      res.socket?.destroy();
      return;
    }
    if (slowMs > 0) await new Promise((r) => setTimeout(r, slowMs));
    if (post.holdUntil) {
      await post.holdUntil;
      // The dead sender's connection closes on its own: give its close event a moment to land.
      await new Promise((r) => setTimeout(r, 200));
    }
    post.answered = answer(res, 200, { ok: true, channel, ts });
  }
}

/** False when the connection was gone before the answer could be written. */
function answer(res: ServerResponse, status: number, body: unknown): boolean {
  if (res.destroyed || res.socket?.destroyed) return false;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
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
