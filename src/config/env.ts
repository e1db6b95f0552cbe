import { z } from 'zod';
import { BatonError } from '../errors.js';
import { adapterEnvShape, type Registry, secretEnvOf } from '../registry/registry.js';

export const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** true/false (also 1/0, yes/no, on/off); unset or empty: false. */
export const flag = z
  .string()
  .optional()
  .transform((v, c) => {
    const s = (v ?? '').trim().toLowerCase();
    if (['', 'false', '0', 'no', 'off'].includes(s)) return false;
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    c.addIssue({ code: 'custom', message: `"${v}" is not true or false` });
    return z.NEVER;
  });

/** The variables the core reads; each adapter declares its own (see src/registry). */
export const coreEnvSchema = z.object({
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
  /**
   * How often the config file and playbooks are read and compared with the config
   * running, in ms, besides the file-system events (which some editors and filesystems miss).
   */
  BATON_CONFIG_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  /** This replica's name in claims and logs; defaults to host and pid. */
  BATON_REPLICA: optional,
  /**
   * Baton sits behind a proxy of ours that sets X-Forwarded-Proto/-Host: only then
   * are they believed (a webhook signature may cover the public URL).
   */
  BATON_TRUST_PROXY: flag,
  /** Where people reach Baton's dashboard (links in chat); unset: http://localhost:<PORT>. */
  BATON_PUBLIC_URL: z.url({ message: 'a URL like https://baton.example.com' }).optional(),
  /** Signs dashboard session cookies; unset: a key Baton generates once and keeps in its store. */
  BATON_SESSION_SECRET: optional,
  /** Mail to customers (the pulse question) goes through this SMTP server; unset: written as .eml files. */
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine((v) => v === undefined || /^smtps?:\/\/[^\s]+$/.test(v), {
      message: 'an SMTP URL like smtp://user:password@mail.example.com:587 or smtps://…:465',
    }),
  /** The sender of mail to customers, e.g. `Acme Support <support@acme.example>`. */
  BATON_MAIL_FROM: optional,
});

export type CoreEnv = z.infer<typeof coreEnvSchema>;

/**
 * The core's variables, typed, and the registered adapters' variables as
 * they were set: an adapter reads its own from `vars` with its own schema
 * (`envOf`).
 */
export type Env = CoreEnv & { readonly vars: Readonly<Record<string, string | undefined>> };

/**
 * Validates the core's variables and those of every registered adapter in
 * one pass, so a start names every wrong variable at once.
 */
export function parseEnv(
  source: NodeJS.ProcessEnv | Record<string, string | undefined>,
  registry: Registry,
): Env {
  const adapters = adapterEnvShape(registry);
  const r = coreEnvSchema.extend(adapters).safeParse(source);
  if (!r.success) throw envInvalid(r.error);
  const data = r.data as Record<string, unknown>;
  const core = Object.fromEntries(Object.keys(coreEnvSchema.shape).map((k) => [k, data[k]])) as CoreEnv;
  // Only what a registered adapter declared: the rest of the process environment is none of Baton's business.
  const vars = Object.fromEntries(Object.keys(adapters).map((k) => [k, source[k]]));
  return { ...core, vars };
}

export function envInvalid(error: z.ZodError): BatonError {
  const lines = error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  return new BatonError('ENV_INVALID', `Environment variables are not valid:\n${lines.join('\n')}`);
}

/** Names of variables whose values must never reach a log line. */
export function secretEnv(registry: Registry): string[] {
  return [...secretEnvOf(registry), 'DATABASE_URL', 'BATON_SESSION_SECRET', 'SMTP_URL'];
}

/** The values to scrub from log text: every secret variable that is set. */
export function secretValues(env: Env, registry: Registry): Array<string | undefined> {
  // The core's own secrets are typed fields of `env`; the adapters' are in `vars`.
  const core = env as unknown as Record<string, unknown>;
  return secretEnv(registry).map((k) => {
    const v = Object.hasOwn(coreEnvSchema.shape, k) ? core[k] : env.vars[k];
    return typeof v === 'string' ? v.trim() : undefined;
  });
}
