import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateBlocks, validateView } from './block-kit.js';
import { historyPage, slackTs } from './history-page.js';

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered: the HTTP status, and `ok`/`error` for Web API calls. */
  status: number;
  /** When it arrived (ms, real time): pacing is measured on it. */
  at?: number;
  /** The Authorization header (which token was used). */
  auth?: string;
  error?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500; afterProcessing?: boolean }
  | { error: string }
  /** Does the work, then answers only after this long (past the client's timeout: a lost answer). */
  | { delayMs: number };

const JSON_ARGS = new Set(['blocks', 'view', 'metadata', 'attachments']);
export const BOT_USER = 'UBATON';
export const BOT_ID = 'BBATON';

/**
 * A Slack Web API on loopback: records every call with its parsed arguments,
 * keeps the messages Baton posted (so updates, threads and metadata look-ups
 * behave), checks every blocks/view against Block Kit's limits, and can be
 * told to answer 429 or 500 for the next calls.
 */
export class FakeSlack {
  readonly calls: FakeCall[] = [];
  /** Block Kit violations seen; a test's afterEach asserts it stays empty. */
  readonly violations: string[] = [];
  readonly messages: FakeMessage[] = [];
  private faults: Array<{ fault: Fault; method?: string }> = [];
  /** The HTTP server, for a WebSocket (Socket Mode) fake to attach to. */
  server: Server | undefined;
  private seq = 0;
  private waiters: Array<() => void> = [];
  base = '';
  /** Slack's clock, which stamps each post (`ts`); a test with a clock of its own may set it. */
  now: () => number = () => Date.now();
  /** Set to make auth.test fail (e.g. `invalid_auth`). */
  authError: string | undefined;

  get url(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A response_url for a payload; what Baton posts there is recorded as method `response_url`. */
  responseUrl(id = String(++this.seq)): string {
    return `${this.base}/response/${id}`;
  }

  /**
   * An answer Baton gave in a slash command's acknowledgement (the HTTP response Slack shows as
   * the command's answer): checked as an answer at the response_url is, and recorded as one
   * (method `response_url`, with `inAck: true`), since the person reads it the same way.
   */
  answeredInAck(id: string, body: Record<string, unknown>): void {
    this.check(body, 'message', 'ack');
    this.record({ method: 'response_url', args: { ...body, id, inAck: true }, status: 200 });
  }

  /** The next `n` calls (of `method`, or any) fail this way. */
  failNext(n: number, fault: Fault, method?: string): void {
    for (let i = 0; i < n; i++) this.faults.push({ fault, ...(method ? { method } : {}) });
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages in a channel (top level) or a thread, as a person would see them now. */
  channel(channel: string, thread?: string): FakeMessage[] {
    return this.messages.filter(
      (m) => m.channel === channel && (thread ? m.thread_ts === thread : !m.thread_ts),
    );
  }

  /** Waits until a call matching `pred` has been recorded (Baton answers after its ack). */
  async waitFor(pred: (c: FakeCall) => boolean, timeoutMs = 5_000): Promise<FakeCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(pred);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no matching Slack call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private record(call: FakeCall): void {
    this.calls.push({ ...call, at: Date.now() });
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => {
        data += c.toString('utf8');
      });
      req.on('end', () => resolve(data));
    });
    const path = req.url ?? '';
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    if (path.startsWith('/response/')) {
      this.check(args, 'message', 'response_url');
      this.record({
        method: 'response_url',
        args: { ...args, id: path.slice('/response/'.length) },
        status: 200,
      });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    if (auth) args._auth = auth;
    const fault = this.takeFault(method);
    if (fault && 'status' in fault && fault.status === 429) {
      this.record({ method, args, status: 429 });
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(fault.retryAfter) },
      };
    }
    if (fault && 'status' in fault && !fault.afterProcessing) {
      this.record({ method, args, status: 500 });
      return { status: 500, body: { ok: false } };
    }
    if (fault && 'delayMs' in fault) {
      const body = this.api(method, args);
      this.record({ method, args, status: 200 });
      await new Promise((r) => setTimeout(r, fault.delayMs));
      return { status: 200, body };
    }
    if (fault && 'error' in fault) {
      this.record({ method, args, status: 200, error: fault.error });
      return { status: 200, body: { ok: false, error: fault.error } };
    }
    const body = this.api(method, args);
    this.record({
      method,
      args,
      status: fault ? 500 : 200,
      ...(body.ok ? {} : { error: String(body.error) }),
    });
    // A 500 after the work was done: the request reached Slack, the answer did not reach Baton.
    return fault ? { status: 500, body: { ok: false } } : { status: 200, body };
  }

  private takeFault(method: string): Fault | undefined {
    const i = this.faults.findIndex((f) => !f.method || f.method === method);
    if (i < 0) return undefined;
    return this.faults.splice(i, 1)[0]?.fault;
  }

  private check(args: Record<string, unknown>, surface: 'message', method: string): void {
    if (args.blocks !== undefined) {
      for (const v of validateBlocks(args.blocks, surface)) this.violations.push(`${method}: ${v}`);
    }
  }

  private api(method: string, args: Record<string, unknown>): Record<string, unknown> & { ok: boolean } {
    if (method.startsWith('views.')) {
      for (const v of validateView(args.view)) this.violations.push(`${method}: ${v}`);
      return { ok: true, view: { id: `V${++this.seq}`, ...(args.view as object) } };
    }
    if (method.startsWith('chat.')) this.check(args, 'message', method);
    switch (method) {
      case 'auth.test':
        if (this.authError) return { ok: false, error: this.authError };
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          team_id: 'T0EXAMPLE',
          user: 'baton',
          user_id: BOT_USER,
          bot_id: BOT_ID,
        };
      case 'chat.postMessage': {
        const channel = String(args.channel);
        const ts = slackTs(this.now(), this.messages.at(-1)?.ts);
        const m: FakeMessage = { channel, ts, bot_id: BOT_ID };
        if (typeof args.text === 'string') m.text = args.text;
        if (Array.isArray(args.blocks)) m.blocks = args.blocks;
        if (typeof args.thread_ts === 'string') m.thread_ts = args.thread_ts;
        if (args.metadata) m.metadata = args.metadata as FakeMessage['metadata'] & object;
        this.messages.push(m);
        return { ok: true, channel, ts, message: m };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === args.channel && x.ts === args.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        if (typeof args.text === 'string') m.text = args.text;
        if (Array.isArray(args.blocks)) m.blocks = args.blocks;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace('http:', 'ws:')}/socket` };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${Date.now() / 1000}` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'conversations.history':
        return historyPage(this.channel(String(args.channel)), args, 'newest-first');
      case 'conversations.replies':
        return historyPage(this.channel(String(args.channel), String(args.ts)), args, 'oldest-first');
      default:
        return { ok: true };
    }
  }
}

function parseArgs(raw: string, type: string): Record<string, unknown> {
  if (type.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_ARGS.has(k) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
