/**
 * Why a request did not get an answer, in words an operator can act on, from
 * whatever `fetch` (undici) or a client library wrapping it threw: the
 * system error under `cause` (code, address, port, host), a TLS refusal, a
 * timeout. `fetch` itself only says "fetch failed".
 */
export function describeRequestFailure(err: unknown): string {
  const chain = causes(err);
  for (const e of chain) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (!code || !(WORDS[code] || TLS.test(code))) continue;
    // An AggregateError (each address of a host tried) carries the code; its parts, the address.
    const placed = chain.find((c) => c.code === code && (c.address || c.hostname)) ?? e;
    return `${WORDS[code] ?? 'TLS failed'} (${code}${where(placed)})`;
  }
  for (const e of chain) {
    if (e.name === 'TimeoutError') return 'no answer in time (TimeoutError)';
    if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT')
      return `no answer in time (${e.code})`;
    if (e.name === 'AbortError') return 'the request was aborted (AbortError)';
    if (e.message === 'bad port') return 'fetch refuses this port (bad port): use another one';
  }
  for (const e of chain) {
    if (typeof e.code === 'string') return `${e.message ?? 'request failed'} (${e.code}${where(e)})`;
  }
  const last = chain[chain.length - 1];
  return last?.message || String(err);
}

const WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the other side',
  ENOTFOUND: 'host name not found in DNS',
  EAI_AGAIN: 'DNS lookup failed for now',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the other side',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issuer unknown here',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host name',
  EPROTO: 'TLS handshake failed',
};
const TLS = /^(ERR_TLS_|ERR_SSL_|CERT_)/;

interface ErrorLike {
  name?: string;
  message?: string;
  /** A system error's code; a DOMException's is a number. */
  code?: string | number;
  address?: string;
  port?: number;
  hostname?: string;
}

/** The error, what it wraps (`cause`, a client's `original`) and the first of an AggregateError's. */
function causes(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e: unknown = err;
  while (e && typeof e === 'object' && out.length < 8 && !out.includes(e as ErrorLike)) {
    const x = e as ErrorLike & { cause?: unknown; original?: unknown; errors?: unknown[] };
    out.push(x);
    e = x.original ?? x.cause ?? (Array.isArray(x.errors) ? x.errors[0] : undefined);
  }
  return out;
}

function where(e: ErrorLike): string {
  if (e.address) return ` ${e.address}${e.port !== undefined ? `:${e.port}` : ''}`;
  if (e.hostname) return ` ${e.hostname}`;
  return '';
}
