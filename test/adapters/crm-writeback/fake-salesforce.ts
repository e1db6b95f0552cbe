import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTask {
  Id: string;
  WhatId: string;
  Subject: string;
  Description: string;
  Status: string;
  ActivityDate: string;
}

/** `drop`: the Task is created and the connection cut; `hold`: created and never answered. */
export type SalesforceMode = 'ok' | 'down' | 'drop' | 'hold';

const VERSION = /^\/services\/data\/v\d+\.\d+/;

/**
 * A Salesforce org on loopback, in its wire format: the OAuth 2.0 token
 * endpoint (client credentials), Task create (201 `{id, success, errors}`),
 * SOQL queries on Task by WhatId, the limits resource, and a 401
 * INVALID_SESSION_ID for a token it no longer takes.
 */
export class FakeSalesforce {
  readonly clientId = '3MVG9writeback.test.client';
  readonly clientSecret = 'writeback-test-secret';
  tasks: FakeTask[] = [];
  mode: SalesforceMode = 'ok';
  tokensIssued = 0;
  calls: string[] = [];
  violations: string[] = [];
  private valid = new Set<string>();
  private server?: Server;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the fake is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Sessions end (an admin revoked them, they timed out): the next call gets INVALID_SESSION_ID. */
  expireSessions(): void {
    this.valid.clear();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return this;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((r) => this.server?.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    this.calls.push(`${req.method} ${url.pathname}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') {
      const form = new URLSearchParams(raw);
      if (form.get('grant_type') !== 'client_credentials')
        return json(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
      if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
        return json(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
      const token = `00D000000000001!token${++this.tokensIssued}`;
      this.valid.add(token);
      return json(200, {
        access_token: token,
        signature: 'c2lnbmF0dXJl',
        scope: 'api',
        instance_url: this.url,
        id: `${this.url}/id/00D000000000001AAA/005000000000001AAA`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
      });
    }
    const m = VERSION.exec(url.pathname);
    if (!m) {
      this.violations.push(`unexpected ${req.method} ${url.pathname}`);
      return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.valid.has(token))
      return json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const rest = url.pathname.slice(m[0].length);
    if (req.method === 'GET' && rest === '/limits')
      return json(200, { DailyApiRequests: { Max: 15000, Remaining: 14999 } });
    if (req.method === 'POST' && rest === '/sobjects/Task') {
      if (this.mode === 'down')
        return json(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' }]);
      const b = JSON.parse(raw) as Record<string, unknown>;
      const missing = ['WhatId', 'Subject', 'Status', 'ActivityDate'].filter((k) => typeof b[k] !== 'string');
      if (missing.length > 0 || !/^\d{4}-\d{2}-\d{2}$/.test(String(b.ActivityDate))) {
        this.violations.push(`Task Salesforce would refuse: ${raw}`);
        return json(400, [
          {
            errorCode: 'REQUIRED_FIELD_MISSING',
            message: `Required fields are missing: [${missing}]`,
            fields: missing,
          },
        ]);
      }
      const task: FakeTask = {
        Id: `00T${String(this.tasks.length + 1).padStart(15, '0')}`,
        WhatId: String(b.WhatId),
        Subject: String(b.Subject),
        Description: String(b.Description ?? ''),
        Status: String(b.Status),
        ActivityDate: String(b.ActivityDate),
      };
      this.tasks.push(task);
      if (this.mode === 'drop') {
        res.socket?.destroy();
        return;
      }
      if (this.mode === 'hold') return;
      return json(201, { id: task.Id, success: true, errors: [] });
    }
    if (req.method === 'GET' && rest === '/query') {
      const q = url.searchParams.get('q') ?? '';
      const what =
        /FROM Task WHERE WhatId = '([A-Za-z0-9]+)' AND CreatedDate >= \d{4}-\d{2}-\d{2}T[\d:]+Z/.exec(q);
      if (!what) {
        this.violations.push(`query not understood: ${q}`);
        return json(400, [{ errorCode: 'MALFORMED_QUERY', message: 'unexpected token' }]);
      }
      const records = this.tasks
        .filter((t) => t.WhatId === what[1])
        .map((t) => ({
          attributes: { type: 'Task', url: `/services/data/v62.0/sobjects/Task/${t.Id}` },
          Id: t.Id,
          Description: t.Description,
        }));
      return json(200, { totalSize: records.length, done: true, records });
    }
    this.violations.push(`unexpected ${req.method} ${url.pathname}`);
    json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }
}
