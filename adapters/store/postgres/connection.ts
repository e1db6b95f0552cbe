import { BatonError, errorMessage } from '../../../src/errors.js';

/**
 * What a connection URL may say in a message or a log line: host, port,
 * database and user. The password never leaves this module.
 */
export interface DatabaseAddress {
  host: string;
  port: number;
  database: string;
  user: string;
  /** `host:port/database`, safe to print. */
  where: string;
}

export function parseDatabaseUrl(url: string): DatabaseAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself may hold the password: never echo it.
    throw new BatonError(
      'DATABASE_URL_INVALID',
      'DATABASE_URL is not a valid URL: write it as postgres://user:password@host:5432/database.',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new BatonError(
      'DATABASE_URL_INVALID',
      `DATABASE_URL must start with postgres:// (it starts with ${parsed.protocol}//).`,
    );
  }
  // A Unix socket directory comes as ?host=/run/postgresql with an empty host part.
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const port = Number(parsed.port || parsed.searchParams.get('port') || 5432);
  const database =
    decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username);
  const user = decodeURIComponent(parsed.username) || 'postgres';
  return { host, port, database, user, where: `${host}:${port}/${database}` };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // The server is starting up or shutting down: as good as unreachable for now.
  '57P01',
  '57P03',
]);

/** True when the error says the server could not be reached, not that it refused a statement. */
export function isUnreachable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  // Node's happy-eyeballs connect reports every address it tried.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some(isUnreachable)) return true;
  const message = errorMessage(err);
  return /timeout exceeded when trying to connect|connection terminated|connection timeout|ECONNREFUSED/i.test(
    message,
  );
}

/** The coded error `baton start` shows when the database cannot be used at start. */
export function connectError(
  err: unknown,
  address: Pick<DatabaseAddress, 'host' | 'port' | 'database'>,
): BatonError {
  const where = `${address.host}:${address.port}`;
  const code = (err as { code?: unknown }).code;
  const reason = typeof code === 'string' ? code : errorMessage(err);
  if (isUnreachable(err)) {
    return new BatonError(
      'DATABASE_UNREACHABLE',
      `Cannot reach PostgreSQL at ${where} (${reason}). Start the server or fix the host and port in DATABASE_URL.`,
      { host: address.host, port: address.port },
    );
  }
  return new BatonError(
    'DATABASE_REJECTED',
    `PostgreSQL at ${where} refused database "${address.database}": ${errorMessage(err)}. ` +
      'Check the user, password and database name in DATABASE_URL.',
    { host: address.host, port: address.port, code: reason },
  );
}

/**
 * Schema names are written into SQL and connection options, where parameters
 * cannot go: only plain lower-case identifiers are accepted.
 */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new BatonError(
      'DATABASE_SCHEMA_INVALID',
      `Schema name "${schema}" is not allowed: use lower-case letters, digits and underscores (at most 63).`,
    );
  }
  return schema;
}

/**
 * A store call that found the database gone becomes a coded error naming
 * where it was; whether a commit cut off mid-way took effect is not known,
 * which is why every write is keyed and versioned.
 */
export function whileRunning(err: unknown, where: string): unknown {
  if (!isUnreachable(err)) return err;
  const code = (err as { code?: unknown }).code;
  return new BatonError(
    'DATABASE_UNREACHABLE',
    `PostgreSQL at ${where} is unreachable (${typeof code === 'string' ? code : errorMessage(err)}); the operation did not complete. ` +
      'It is retried once the database is back; /readyz reports false until then.',
    { where },
  );
}
