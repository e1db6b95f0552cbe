import pino from 'pino';
import type { Logger } from '../log.js';

/**
 * Paths pino blanks out wherever they appear: credentials, signatures and
 * customer contact details. Values of secret variables are also scrubbed
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
  'req.headers["x-slack-signature"]',
  'req.headers["x-baton-signature"]',
  'req.headers["stripe-signature"]',
  'req.headers["x-hubspot-signature-v3"]',
  '*.email',
  '*.phone',
  '*.contacts',
  '*.keyContact',
  'customer.contacts',
  'context.keyContact',
];

export function createLogger(opts: { level: string; secrets: Array<string | undefined> }): Logger {
  const secrets = opts.secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  return pino({
    level: opts.level,
    base: { app: 'baton' },
    redact: { paths: REDACT, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>;
        method.apply(this, cleaned);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const s = pino.stdSerializers.err(err as Error);
        return { ...s, message: scrub(s.message ?? ''), stack: scrub(s.stack ?? '') };
      },
    },
  }) as unknown as Logger;
}
