import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeNote {
  id: string;
  body: string;
  timestamp: string;
  /** `deal:9001`, `company:77`, from the association type the note was created with. */
  on: string[];
}

/** What the fake does with the next note writes. */
export type HubSpotMode = 'ok' | 'down' | 'rate-limited' | 'drop' | 'hold';

const TYPES: Record<number, string> = { 214: 'deal', 190: 'company' };

/**
 * HubSpot's CRM v3 notes API on loopback: note create (201 with the object),
 * search by body token and association, and a list for the token check.
 * `down` answers 503, `rate-limited` 429 with Retry-After, `drop` keeps the
 * note and cuts the connection before answering (an unknown outcome), `hold`
 * keeps it and never answers (the writer is killed meanwhile).
 */
export class FakeHubSpot {
  readonly token = 'pat-na1-writeback-test';
  notes: FakeNote[] = [];
  mode: HubSpotMode = 'ok';
  /** Like HubSpot's search index just after a write: notes are not found yet. */
  searchLags = false;
  /** Every request, `METHOD path`. */
  calls: string[] = [];
  /** Wrong requests, with why: a test fails on any. */
  violations: string[] = [];
  private server?: Server;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the fake is not started');
    return `http://127.0.0.1:${address.port}`;
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
    const path = req.url ?? '';
    this.calls.push(`${req.method} ${path}`);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return json(401, {
        status: 'error',
        message: 'Authentication credentials not found.',
        category: 'INVALID_AUTHENTICATION',
      });
    if (req.method === 'GET' && path.startsWith('/crm/v3/objects/notes')) return json(200, { results: [] });
    if (req.method === 'POST' && path === '/crm/v3/objects/notes/search') return this.search(raw, json);
    if (req.method === 'POST' && path === '/crm/v3/objects/notes') {
      if (this.mode === 'down') return json(503, { status: 'error', message: 'Service Unavailable' });
      if (this.mode === 'rate-limited')
        return json(
          429,
          { status: 'error', message: 'You have reached your secondly limit.', category: 'RATE_LIMITS' },
          { 'retry-after': '1' },
        );
      const note = this.create(raw);
      if (!note)
        return json(400, { status: 'error', message: 'Invalid input JSON', category: 'VALIDATION_ERROR' });
      if (this.mode === 'drop') {
        res.socket?.destroy();
        return;
      }
      if (this.mode === 'hold') return;
      return json(201, {
        id: note.id,
        properties: { hs_note_body: note.body, hs_timestamp: note.timestamp },
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        archived: false,
      });
    }
    this.violations.push(`unexpected ${req.method} ${path}`);
    json(404, { status: 'error', message: 'not found' });
  }

  private create(raw: string): FakeNote | undefined {
    const b = JSON.parse(raw) as {
      properties?: Record<string, unknown>;
      associations?: Array<{ to?: { id?: unknown }; types?: Array<Record<string, unknown>> }>;
    };
    const body = b.properties?.hs_note_body;
    const timestamp = b.properties?.hs_timestamp;
    if (typeof body !== 'string' || typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp))) {
      this.violations.push(`note without hs_note_body or a valid hs_timestamp: ${raw}`);
      return undefined;
    }
    const on: string[] = [];
    for (const a of b.associations ?? []) {
      const type = a.types?.[0];
      const kind = TYPES[Number(type?.associationTypeId)];
      if (type?.associationCategory !== 'HUBSPOT_DEFINED' || !kind || typeof a.to?.id !== 'string') {
        this.violations.push(`association HubSpot would refuse: ${JSON.stringify(a)}`);
        return undefined;
      }
      on.push(`${kind}:${a.to.id}`);
    }
    const note = { id: String(50_000 + this.notes.length), body, timestamp, on };
    this.notes.push(note);
    return note;
  }

  private search(raw: string, json: (status: number, body: unknown) => void): void {
    const b = JSON.parse(raw) as {
      filterGroups?: Array<{ filters?: Array<{ propertyName: string; operator: string; value: string }> }>;
    };
    const filters = b.filterGroups?.[0]?.filters ?? [];
    const found = (this.searchLags ? [] : this.notes).filter((n) =>
      filters.every((f) => {
        if (f.propertyName === 'hs_note_body' && f.operator === 'CONTAINS_TOKEN')
          return n.body.split(/[^A-Za-z0-9]+/).includes(f.value);
        const assoc = /^associations\.(deal|company)$/.exec(f.propertyName);
        if (assoc && f.operator === 'EQ') return n.on.includes(`${assoc[1]}:${f.value}`);
        this.violations.push(`search filter not understood: ${JSON.stringify(f)}`);
        return false;
      }),
    );
    json(200, {
      total: found.length,
      results: found.map((n) => ({ id: n.id, properties: { hs_note_body: n.body } })),
    });
  }
}
