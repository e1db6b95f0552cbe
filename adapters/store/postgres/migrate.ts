import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError, errorMessage } from '../../../src/errors.js';
import { checkSchemaName } from './connection.js';
import type { SqlClient, SqlDriver } from './driver.js';

export interface Migration {
  /** The file name without `.sql`, e.g. `001_initial`; recorded in `baton_migrations`. */
  name: string;
  sql: string;
}

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The migrations folder: next to this module, or, since `tsc` does not copy
 * `.sql` files, in the source tree that compiled code under `dist/` was built
 * from (found by walking up).
 */
export function migrationsDir(): string {
  const tried: string[] = [];
  let dir = here;
  for (let up = 0; up < 8; up++) {
    for (const candidate of [join(dir, 'migrations'), join(dir, 'adapters/store/postgres/migrations')]) {
      if (existsSync(join(candidate, '001_initial.sql'))) return candidate;
      tried.push(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new BatonError(
    'MIGRATIONS_MISSING',
    `No PostgreSQL migrations found near ${here}. Ship adapters/store/postgres/migrations/*.sql with Baton ` +
      '(copy them next to the compiled store, or keep the source tree beside dist/).',
    { tried },
  );
}

/** Numbered `.sql` files, in order. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Applies the migrations not yet recorded, each in its own transaction, while
 * holding an advisory lock: replicas starting together wait for the first one
 * and then find nothing left to do. Returns the names it applied.
 */
export async function runMigrations(
  driver: SqlDriver,
  opts: { schema?: string; migrations?: Migration[] } = {},
): Promise<string[]> {
  const migrations = opts.migrations ?? loadMigrations();
  const schema = opts.schema === undefined ? undefined : checkSchemaName(opts.schema);
  // One lock per schema: test runs in separate schemas do not wait for each other.
  const lockName = `baton-migrate:${schema ?? ''}`;
  return driver.withConnection(async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    try {
      if (schema !== undefined) await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await c.query(
        'CREATE TABLE IF NOT EXISTS baton_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set(
        (await c.query<{ name: string }>('SELECT name FROM baton_migrations')).rows.map((r) => r.name),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        await applyOne(c, m);
        applied.push(m.name);
      }
      return applied;
    } finally {
      // If the connection is gone, so is the session lock: nothing to undo.
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]).catch(() => undefined);
    }
  });
}

async function applyOne(c: SqlClient, m: Migration): Promise<void> {
  await c.query('BEGIN');
  try {
    await c.exec(m.sql);
    await c.query('INSERT INTO baton_migrations (name) VALUES ($1)', [m.name]);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw new BatonError(
      'MIGRATION_FAILED',
      `PostgreSQL migration ${m.name}.sql failed: ${errorMessage(err)}`,
      {
        migration: m.name,
      },
    );
  }
}
