import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeObject {
  properties: Record<string, string | null>;
  associations?: Record<string, string[]>;
}

export interface FakeHubSpot {
  url: string;
  token: string;
  deals: Map<string, FakeObject>;
  companies: Map<string, FakeObject>;
  contacts: Map<string, FakeObject>;
  /** Engagements by object type (`calls`, `meetings`, `emails`, `notes`). */
  engagements: Record<'calls' | 'meetings' | 'emails' | 'notes', Map<string, FakeObject>>;
  pipelines: Map<string, Array<{ id: string; label: string }>>;
  owners: Map<string, { email: string; firstName?: string; lastName?: string }>;
  /** Every request: method, path with query, the Authorization header. */
  requests: Array<{ method: string; path: string; auth: string | undefined }>;
  /** While set, every call answers this status (an outage, a rate limit). */
  failWith: number | undefined;
  /** The next `times` calls answer 429 with this Retry-After (seconds), as HubSpot's rate limit does. */
  throttle: { times: number; retryAfter: string } | undefined;
  close(): Promise<void>;
}

/**
 * HubSpot's CRM v3 API as far as Baton reads it, on loopback: objects by id
 * with `properties` and `associations`, contacts' batch read, deal pipelines
 * and owners. Bearer auth is checked like HubSpot does (401 without it).
 */
export async function startFakeHubSpot(token = 'pat-na1-test-token'): Promise<FakeHubSpot> {
  const fake: Omit<FakeHubSpot, 'url' | 'close'> = {
    token,
    deals: new Map(),
    companies: new Map(),
    contacts: new Map(),
    engagements: { calls: new Map(), meetings: new Map(), emails: new Map(), notes: new Map() },
    pipelines: new Map(),
    owners: new Map(),
    requests: [],
    failWith: undefined,
    throttle: undefined,
  };
  const table = (type: string) =>
    type === 'deals'
      ? fake.deals
      : type === 'companies'
        ? fake.companies
        : type === 'contacts'
          ? fake.contacts
          : fake.engagements[type as keyof FakeHubSpot['engagements']];
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, { status: 'error', message: 'fake failed' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    fake.requests.push({
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      auth: req.headers.authorization,
    });
    if (fake.failWith) return send(res, fake.failWith, { status: 'error', message: 'fake outage' });
    if (fake.throttle && fake.throttle.times > 0) {
      fake.throttle.times--;
      return send(
        res,
        429,
        {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          category: 'RATE_LIMITS',
        },
        { 'retry-after': fake.throttle.retryAfter },
      );
    }
    if (req.headers.authorization !== `Bearer ${fake.token}`) {
      return send(res, 401, { status: 'error', category: 'INVALID_AUTHENTICATION' });
    }
    const props = (url.searchParams.get('properties') ?? '').split(',').filter(Boolean);
    const assocKinds = (url.searchParams.get('associations') ?? '').split(',').filter(Boolean);
    const types = 'deals|companies|contacts|calls|meetings|emails|notes';
    let m = url.pathname.match(new RegExp(`^/crm/v3/objects/(${types})/([^/]+)$`));
    if (m && m[2] !== 'batch' && req.method === 'GET') {
      const id = decodeURIComponent(m[2] ?? '');
      const o = table(m[1] ?? '').get(id);
      if (!o) return send(res, 404, { status: 'error', category: 'OBJECT_NOT_FOUND' });
      return send(res, 200, render(id, o, props, assocKinds, m[1] ?? ''));
    }
    m = url.pathname.match(/^\/crm\/v3\/objects\/(contacts|calls|meetings|emails|notes)\/batch\/read$/);
    if (m && req.method === 'POST') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        properties: string[];
        inputs: Array<{ id: string }>;
      };
      const objects = table(m[1] ?? '');
      const results = body.inputs
        .filter((i) => objects.has(i.id))
        .map((i) => render(i.id, objects.get(i.id) as FakeObject, body.properties, [], m?.[1] ?? ''));
      return send(res, 200, { status: 'COMPLETE', results, startedAt: new Date().toISOString() });
    }
    m = url.pathname.match(/^\/crm\/v3\/pipelines\/deals\/([^/]+)$/);
    if (m) {
      const stages = fake.pipelines.get(decodeURIComponent(m[1] ?? ''));
      if (!stages) return send(res, 404, { status: 'error' });
      return send(res, 200, {
        id: m[1],
        label: 'Sales Pipeline',
        displayOrder: 0,
        stages: stages.map((s, i) => ({ ...s, displayOrder: i, metadata: {}, archived: false })),
      });
    }
    m = url.pathname.match(/^\/crm\/v3\/owners\/([^/]+)$/);
    if (m) {
      const o = fake.owners.get(decodeURIComponent(m[1] ?? ''));
      if (!o) return send(res, 404, { status: 'error' });
      return send(res, 200, { id: m[1], userId: 1, archived: false, ...o });
    }
    send(res, 404, { status: 'error', message: `no route ${url.pathname}` });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A v3 object as HubSpot returns it: only the asked-for properties, associations as `{results:[...]}`. */
function render(id: string, o: FakeObject, props: string[], kinds: string[], objectType: string) {
  const properties: Record<string, string | null> = { hs_object_id: id };
  for (const p of props) properties[p] = o.properties[p] ?? null;
  const singular = objectType === 'companies' ? 'company' : objectType.replace(/s$/, '');
  const associations: Record<string, { results: Array<{ id: string; type: string }> }> = {};
  for (const k of kinds) {
    const ids = o.associations?.[k] ?? [];
    if (ids.length === 0) continue;
    const target = k === 'companies' ? 'company' : k.replace(/s$/, '');
    // v3 lists each pair under both the unlabeled and the default association type.
    associations[k] = {
      results: ids.flatMap((a) => [
        { id: a, type: `${singular}_to_${target}` },
        { id: a, type: `${singular}_to_${target}_unlabeled` },
      ]),
    };
  }
  return {
    id,
    properties,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-23T00:00:00.000Z',
    archived: false,
    ...(Object.keys(associations).length > 0 ? { associations } : {}),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
