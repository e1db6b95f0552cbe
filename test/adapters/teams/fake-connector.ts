import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One call Baton made to the Bot Framework connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  /** Decoded from the path. */
  conversationId?: string;
  /** The activity replied to (POST) or updated (PUT). */
  activityId?: string;
  kind: 'create' | 'post' | 'reply' | 'update' | 'other';
  body: Record<string, unknown>;
  /** What the fake answered. */
  status: number;
  /** The id it gave the new activity (posts and replies). */
  id?: string;
}

export interface FailRule {
  /** Which calls fail; default: all. */
  when?: (call: Omit<ConnectorCall, 'status' | 'id'>) => boolean;
  status: number;
  headers?: Record<string, string>;
  /** How many calls fail before the rule is spent; default 1. */
  times?: number;
}

/**
 * The Bot Framework connector on loopback: what an activity's `serviceUrl`
 * points to. Records every call (new conversations, posts, threaded
 * replies, updates), gives out activity ids, and fails on demand (429 with
 * Retry-After, 403 for a removed bot, 500s). Like Teams, it answers 400
 * `BadSyntax` to a new conversation that names no tenant.
 */
export interface FakeConnector {
  /** The serviceUrl to put in activities, with a trailing slash like Teams'. */
  url: string;
  calls: ConnectorCall[];
  fail(rule: FailRule): void;
  /** Successful calls of a kind, optionally in one conversation. */
  sent(kind?: ConnectorCall['kind'], conversationId?: string): ConnectorCall[];
  waitFor(pred: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  reset(): void;
  close(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let rules: Array<FailRule & { left: number }> = [];
  let seq = 1_000;
  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
    const conversationId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const activityId = m?.[2] ? decodeURIComponent(m[2]) : undefined;
    const kind: ConnectorCall['kind'] = !m
      ? 'other'
      : !conversationId
        ? 'create'
        : req.method === 'PUT'
          ? 'update'
          : activityId
            ? 'reply'
            : 'post';
    const call = {
      method: req.method ?? 'GET',
      path,
      kind,
      body,
      ...(conversationId ? { conversationId } : {}),
      ...(activityId ? { activityId } : {}),
    };
    const rule = rules.find((r) => r.left > 0 && (!r.when || r.when(call)));
    if (rule) {
      rule.left--;
      calls.push({ ...call, status: rule.status });
      res.writeHead(rule.status, { 'content-type': 'application/json', ...(rule.headers ?? {}) });
      res.end(JSON.stringify({ error: { code: 'Failed', message: `fake connector says ${rule.status}` } }));
      return;
    }
    const send = (status: number, json: unknown, id?: string) => {
      calls.push({ ...call, status, ...(id ? { id } : {}) });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (kind === 'create') {
      // Real Teams refuses a 1:1 chat that names no tenant (botbuilder-js#685); the Playground does not.
      const tenant = body.tenantId;
      const channelTenant = (body.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
      if (typeof tenant !== 'string' || !tenant || typeof channelTenant !== 'string' || !channelTenant)
        return send(400, { error: { code: 'BadSyntax', message: 'Could not parse tenant id' } });
      const members = (body.members as Array<{ id: string }> | undefined) ?? [];
      const id = `a:1to1-${members[0]?.id ?? 'nobody'}`;
      return send(201, { id, serviceUrl: `http://127.0.0.1:${port}/` });
    }
    if (kind === 'post' || kind === 'reply') {
      const id = String(++seq);
      return send(201, { id }, id);
    }
    if (kind === 'update') return send(200, { id: activityId });
    return send(404, { error: { code: 'NotFound', message: 'no such route' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    fail(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    sent(kind, conversationId) {
      return calls.filter(
        (c) =>
          c.status < 300 &&
          (!kind || c.kind === kind) &&
          (!conversationId || c.conversationId === conversationId),
      );
    },
    async waitFor(pred, timeoutMs = 5_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(pred);
        if (found) return found;
        if (Date.now() > end)
          throw new Error(
            `no matching connector call; saw ${calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      calls.length = 0;
      rules = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
