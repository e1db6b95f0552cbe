import pino from 'pino';
import type { Logger } from '../log.js';

/**
 * Paths pino blanks out wherever they appear: credentials, signatures and
 * customer contact details; each adapter names the signature headers it
 * reads (`redactHeaders`). Values of secret variables are also scrubbed
 * from message text, in case an error message quotes one.
 */
const REDACT = [
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.email',
  '*.phone',
  '*.contacts',
  '*.keyContact',
  'customer.contacts',
  'context.keyContact',
];

export function createLogger(opts: {
  level: string;
  secrets: Array<string | undefined>;
  /** Request headers to blank, lower-case: the registered adapters' signatures. */
  redactHeaders?: readonly string[];
  /** Where the lines go; stdout unless given (tests read what would be written). */
  destination?: pino.DestinationStream;
}): Logger {
  const secrets = opts.secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  // Fields too: an error text quoted in `{ error }` or `{ reason }` can carry the token it was refused.
  const scrubAll = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (secrets.length === 0 || depth > 3 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => scrubAll(x, depth + 1));
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubAll(x, depth + 1)]));
  };
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { app: 'baton' },
    redact: {
      paths: [...REDACT, ...(opts.redactHeaders ?? []).map((h) => `req.headers[${JSON.stringify(h)}]`)],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((a) => scrubAll(a)) as Parameters<typeof method>;
        method.apply(this, cleaned);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const s = pino.stdSerializers.err(err as Error);
        return { ...s, message: scrub(s.message ?? ''), stack: scrub(s.stack ?? '') };
      },
    },
  };
  return (opts.destination ? pino(options, opts.destination) : pino(options)) as unknown as Logger;
}
