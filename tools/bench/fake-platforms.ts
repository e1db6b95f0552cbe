import { createServer, type Server } from 'node:http';
import { listen } from './support.js';

/** Waiters for the next message under a key, resolved by the fake when it arrives. */
class Mailbox {
  private got = new Map<string, string[]>();
  private waiting = new Map<string, Array<(body: string) => void>>();
  total = 0;
  put(key: string, body: string): void {
    this.total++;
    const w = this.waiting.get(key)?.shift();
    if (w) {
      w(body);
      return;
    }
    const list = this.got.get(key) ?? [];
    list.push(body);
    this.got.set(key, list);
  }
  /** The next message under `key` (one already arrived, or the next to arrive), undefined after `ms`. */
  next(key: string, ms: number): Promise<string | undefined> {
    const ready = this.got.get(key)?.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const list = this.waiting.get(key) ?? [];
      const t = setTimeout(() => {
        const i = list.indexOf(done);
        if (i >= 0) list.splice(i, 1);
        resolve(undefined);
      }, ms);
      const done = (body: string) => {
        clearTimeout(t);
        resolve(body);
      };
      list.push(done);
      this.waiting.set(key, list);
    });
  }
  clear(): void {
    this.got.clear();
  }
}

function body(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export interface FakeSlack {
  server: Server;
  url: string;
  /** The response_url for a request key. */
  responseUrl(key: string): string;
  /** The next answer posted to a key's response_url. */
  answer(key: string, ms: number): Promise<string | undefined>;
  answers(): number;
  /** Web API posts (cards, DMs) a channel or person got. */
  posts(): number;
  /** When (Date.now()) the first Web API post whose body `match`es arrived; undefined after `ms`. */
  firstPost(match: (body: string) => boolean, ms: number): Promise<number | undefined>;
  close(): Promise<void>;
}

/** A Slack that says ok to every Web API call and keeps what is posted to response URLs, by key. */
export async function fakeSlack(): Promise<FakeSlack> {
  const box = new Mailbox();
  let posts = 0;
  const watchers = new Set<(body: string, at: number) => void>();
  const server = createServer((req, res) => {
    void body(req).then((text) => {
      const url = req.url ?? '';
      if (url.startsWith('/response/')) box.put(decodeURIComponent(url.slice('/response/'.length)), text);
      else if (url.includes('chat.')) {
        posts++;
        const at = Date.now();
        for (const w of watchers) w(text, at);
      }
      // Each person's DM is a channel of its own (D + their user id), so a post can be told by whom it is for.
      const dm = url.endsWith('conversations.open')
        ? `D${new URLSearchParams(text).get('users') ?? 'BENCH'}`
        : 'DBENCH';
      const answer = url.endsWith('auth.test')
        ? { ok: true, team: 'Bench', team_id: 'T0BENCH', user: 'baton', user_id: 'UBATON', bot_id: 'BBATON' }
        : { ok: true, channel: { id: dm }, ts: `${Date.now() / 1000}` };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  server.keepAliveTimeout = 60_000;
  const url = await listen(server);
  return {
    server,
    url,
    responseUrl: (key) => `${url}/response/${encodeURIComponent(key)}`,
    answer: (key, ms) => box.next(key, ms),
    answers: () => box.total,
    posts: () => posts,
    firstPost: (match, ms) =>
      new Promise((resolve) => {
        const t = setTimeout(() => {
          watchers.delete(w);
          resolve(undefined);
        }, ms);
        const w = (text: string, at: number) => {
          if (!match(text)) return;
          clearTimeout(t);
          watchers.delete(w);
          resolve(at);
        };
        watchers.add(w);
      }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface FakeConnector {
  server: Server;
  /** The serviceUrl to put in activities (trailing slash, like Teams'). */
  url: string;
  /** The next activity posted into a conversation. */
  reply(conversationId: string, ms: number): Promise<string | undefined>;
  replies(): number;
  close(): Promise<void>;
}

/** The Bot Framework connector on loopback: takes every activity, keeps them by conversation. */
export async function fakeConnector(): Promise<FakeConnector> {
  const box = new Mailbox();
  let id = 0;
  const server = createServer((req, res) => {
    void body(req).then((text) => {
      const m = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (m?.[1] && req.method === 'POST') box.put(decodeURIComponent(m[1]), text);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: String(++id) }));
    });
  });
  server.keepAliveTimeout = 60_000;
  const url = `${await listen(server)}/`;
  return {
    server,
    url,
    reply: (conv, ms) => box.next(conv, ms),
    replies: () => box.total,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
