import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRequestFailure } from '../../adapters/net-cause.js';
import { createAzureTranslator } from '../../adapters/translation/azure-client.js';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** What a real `fetch` throws for this URL. */
async function failureOf(url: string, init: RequestInit = {}): Promise<unknown> {
  try {
    await fetch(url, init);
  } catch (err) {
    return err;
  }
  throw new Error(`${url} answered`);
}

describe('describeRequestFailure: why fetch got no answer, from what it threw', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('a closed port: connection refused, with the address and port', async () => {
    const port = await closedPort();
    const err = await failureOf(`http://127.0.0.1:${port}/x`);
    // What fetch itself says is all an operator saw before.
    expect((err as Error).message).toBe('fetch failed');
    expect(describeRequestFailure(err)).toBe(`connection refused (ECONNREFUSED 127.0.0.1:${port})`);
    // Wrapped by a client library (`original`, `cause`), the same.
    expect(describeRequestFailure({ code: 'x_request_error', original: err })).toBe(
      `connection refused (ECONNREFUSED 127.0.0.1:${port})`,
    );
  });

  it('a port fetch never calls (9, discard): says so rather than "TypeError"', async () => {
    expect(describeRequestFailure(await failureOf('http://127.0.0.1:9/api/auth.test'))).toBe(
      'fetch refuses this port (bad port): use another one',
    );
  });

  it('a server that never answers: no answer in time', async () => {
    const server = createHttpServer(() => {});
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const err = await failureOf(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(100) });
    expect(describeRequestFailure(err)).toBe('no answer in time (TimeoutError)');
  });

  it('a host name DNS does not know, and a TLS refusal, from their system errors', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND slack.invalid'), {
      code: 'ENOTFOUND',
      hostname: 'slack.invalid',
    });
    expect(describeRequestFailure(new TypeError('fetch failed', { cause: dns }))).toBe(
      'host name not found in DNS (ENOTFOUND slack.invalid)',
    );
    const tls = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    expect(describeRequestFailure(new TypeError('fetch failed', { cause: tls }))).toBe(
      'TLS certificate expired (CERT_HAS_EXPIRED)',
    );
  });

  it('Azure AI Translator unreachable: the error carries the URL and the cause', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const err = await createAzureTranslator({ key: 'k', endpoint })
      .translate(['a'], 'en')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      reason: 'TRANSLATION_UNAVAILABLE',
      details: {
        url: `${endpoint}/translate`,
        cause: `connection refused (ECONNREFUSED 127.0.0.1:${port})`,
      },
    });
  });
});
