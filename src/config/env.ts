import { z } from 'zod';
import { BatonError } from '../errors.js';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** true/false (also 1/0, yes/no, on/off); unset or empty: false. */
const flag = z
  .string()
  .optional()
  .transform((v, c) => {
    const s = (v ?? '').trim().toLowerCase();
    if (['', 'false', '0', 'no', 'off'].includes(s)) return false;
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    c.addIssue({ code: 'custom', message: `"${v}" is not true or false` });
    return z.NEVER;
  });

/** Every environment variable Baton reads; names are fixed by the spec. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BATON_CONFIG: optional,
  BATON_HANDOFFS: optional,
  BATON_DATA_FILE: z.string().default('./data/baton.json'),
  DATABASE_URL: optional,
  /** PostgreSQL schema for Baton's tables (one database, several deployments or test runs). */
  BATON_DB_SCHEMA: optional,
  BATON_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** How often the scheduler looks for due follow-ups and deliveries, in ms. */
  BATON_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /**
   * How long a replica's claim on due reminders and outbox deliveries holds before
   * another replica may take them over (after a crash); unset: 60 s and 120 s.
   */
  BATON_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).optional(),
  /** This replica's name in claims and logs; defaults to host and pid. */
  BATON_REPLICA: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: optional,
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: optional,
  MicrosoftAppTenantId: optional,
  TEAMS_SERVICE_URL: optional,
  /**
   * Tenants a multi-tenant Teams bot serves (comma-separated ids); with an app id, activities
   * from any other tenant are refused. MicrosoftAppTenantId is always allowed.
   */
  TEAMS_ALLOWED_TENANTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** `off` keeps the Playground from starting with `npm start` on the embedded default. */
  BATON_PLAYGROUND: z.enum(['auto', 'on', 'off']).default('auto'),
  BATON_PLAYGROUND_PORT: z.coerce.number().int().min(1).max(65535).default(56150),
  HUBSPOT_CLIENT_SECRET: optional,
  HUBSPOT_ACCESS_TOKEN: optional,
  HUBSPOT_API_URL: optional,
  /** The target URL set in the HubSpot app, when a proxy hides it: the v3 signature covers it. */
  HUBSPOT_WEBHOOK_URL: optional.refine(
    (v) => v === undefined || URL.canParse(v),
    'write the full URL HubSpot calls, e.g. https://baton.example.com/hooks/hubspot',
  ),
  /**
   * Baton sits behind a proxy of ours that sets X-Forwarded-Proto/-Host: only then
   * are they believed (the HubSpot signature covers the public URL).
   */
  BATON_TRUST_PROXY: flag,
  STRIPE_WEBHOOK_SECRET: optional,
  SALESFORCE_WEBHOOK_SECRET: optional,
  BATON_WEBHOOK_SECRET: optional,
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv | Record<string, string | undefined>): Env {
  const r = envSchema.safeParse(source);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BatonError('ENV_INVALID', `Environment variables are not valid:\n${lines.join('\n')}`);
  }
  return r.data;
}

/** Names of variables whose values must never reach a log line. */
export const SECRET_ENV = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MicrosoftAppPassword',
  'HUBSPOT_CLIENT_SECRET',
  'HUBSPOT_ACCESS_TOKEN',
  'STRIPE_WEBHOOK_SECRET',
  'SALESFORCE_WEBHOOK_SECRET',
  'BATON_WEBHOOK_SECRET',
  'DATABASE_URL',
] as const;
