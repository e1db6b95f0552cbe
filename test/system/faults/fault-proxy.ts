import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from './support.js';

export type FaultKind =
  | '429 Retry-After'
  | '429 bare'
  | '500'
  | '500 after processing'
  | 'slow'
  | 'dropped'
  | 'dropped after processing';

const KINDS: FaultKind[] = [
  '429 Retry-After',
  '429 bare',
  '500',
  '500 after processing',
  'slow',
  'dropped',
  'dropped after processing',
];

/**
 * Sits between Baton and a fake platform and breaks a share of the calls the
 * way real networks and rate limiters do. "After processing" faults let the
 * fake do the work and lose the answer: the case that doubles posts.
 */
export class FaultProxy {
  readonly injected = new Map<FaultKind, number>();
  private server: Server | undefined;
  base = '';
  /** Switched off while a test reads the fake's state through Baton. */
  enabled = true;

  constructor(
    private readonly target: () => string,
    private readonly random: () => number,
    private readonly rate: number,
    /** Which calls may fail: by default every one. */
    private readonly faultable: (path: string) => boolean = () => true,
  ) {}

  get total(): number {
    let n = 0;
    for (const v of this.injected.values()) n += v;
    return n;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch(() => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private pick(path: string): FaultKind | undefined {
    if (!this.enabled || !this.faultable(path) || this.random() >= this.rate) return undefined;
    const kind = KINDS[Math.floor(this.random() * KINDS.length)] ?? 'slow';
    this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
    return kind;
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const fault = this.pick(path);
    const forward = async () => {
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'authorization']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const r = await fetch(`${this.target()}${path}`, {
        method: req.method ?? 'POST',
        headers,
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
      });
      return {
        status: r.status,
        type: r.headers.get('content-type') ?? 'application/json',
        text: await r.text(),
      };
    };
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    switch (fault) {
      case '429 Retry-After':
        return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '2' });
      case '429 bare':
        return reply(429, { ok: false, error: 'ratelimited' });
      case '500':
        return reply(500, { ok: false });
      case '500 after processing':
        await forward();
        return reply(500, { ok: false });
      case 'dropped':
        res.socket?.destroy();
        return;
      case 'dropped after processing':
        await forward();
        res.socket?.destroy();
        return;
      case 'slow':
        await sleep(150 + this.random() * 450);
        break;
      default:
        break;
    }
    const r = await forward();
    res.writeHead(r.status, { 'content-type': r.type });
    res.end(r.text);
  }
}
