import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { Route } from './adapter.js';
import type { Metrics } from './metrics.js';

/**
 * Baton's one port: every adapter's routes plus the health endpoints. The
 * server only routes; bodies are read by the handlers (a platform's SDK
 * reads its own, webhooks need the raw bytes for signatures).
 */
export function createHttpServer(opts: { routes: Route[]; log: Logger; metrics: Metrics }): Server & {
  inFlight(): number;
} {
  let inFlight = 0;
  const exact = new Map<string, Route>();
  const prefixes: Route[] = [];
  for (const r of opts.routes) {
    if (r.path.endsWith('/*')) prefixes.push(r);
    else exact.set(`${r.method} ${r.path}`, r);
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route =
      exact.get(`${req.method} ${path}`) ??
      prefixes.find((r) => r.method === req.method && path.startsWith(r.path.slice(0, -1)));
    inFlight++;
    res.on('close', () => {
      inFlight--;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      opts.metrics.http.observe(
        { route: route?.path ?? 'unmatched', status: String(res.statusCode) },
        seconds,
      );
    });
    if (!route) {
      const known = opts.routes.some(
        (r) => r.path === path || (r.path.endsWith('/*') && path.startsWith(r.path.slice(0, -1))),
      );
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
      return;
    }
    try {
      await route.handle(req, res);
    } catch (err) {
      opts.log.error({ err, path }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  });
  // Chat platforms keep connections open; keep-alive beyond their idle time avoids resets.
  server.keepAliveTimeout = 65_000;
  return Object.assign(server, { inFlight: () => inFlight });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a request body up to `limit` bytes; past it, rejects with `code: 'TOO_LARGE'`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('request body too large'), { code: 'TOO_LARGE' }));
        // Drained, not destroyed: a destroyed socket never gets the 413 the caller sends.
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
