import type { Writable } from 'node:stream';
import { ClientGone, EXPORT_FORMATS, type ExportFormat, writeRows } from '../../adapters/export/stream.js';
import { systemClock } from '../../src/clock.js';
import { BatonError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../open-store.js';
import { envAndLogger, options } from './common.js';
import { atomicFile } from './export-file.js';
import { EXPORT_KINDS, type ExportKind, exportSource } from './export-sources.js';
import { sinceOf } from './report-journey.js';

export const EXPORT_USAGE = `Usage: baton export audit|handoffs|customers [--since 30d] [--format csv|jsonl] [--out F]

Writes a list as CSV (default) or JSON Lines, read and written a page at a
time, so any size streams in little memory:
  audit      the audit log, newest first
  handoffs   one row per handoff (the dashboard's handoff list), newest first
  customers  every customer, in the order they were stored

  --since   only what happened since: 30d (days), 12w (weeks) or a date
            (2026-11-01); for customers, those added or changed since
  --format  csv (with a BOM, formulas escaped, for spreadsheets) or jsonl
  --out     write this file (whole or not at all); without it, to stdout

An erased customer's personal data is in no export. Reads the data file
without locking it, so it works while Baton runs; with DATABASE_URL, reads
PostgreSQL.`;

export async function runExport(args: string[]): Promise<number> {
  const o = options(
    args,
    { since: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    EXPORT_USAGE,
  );
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const now = systemClock.now();
  let kind: ExportKind;
  let format: ExportFormat;
  let since: Date | undefined;
  try {
    kind = kindOf(o.positionals);
    format = formatOf(o.values.format);
    since = typeof o.values.since === 'string' ? sinceOf(o.values.since, now) : undefined;
  } catch (err) {
    const coded = err instanceof BatonError ? `${err.code}: ` : '';
    process.stderr.write(`baton export: ${coded}${(err as Error).message}\n\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const { env } = envAndLogger('warn');
  const store = await openStore(env, systemClock, silentLogger, { readOnly: true });
  try {
    const src = exportSource(store, kind, now, since);
    let rows = 0;
    const counted = {
      ...src,
      pages: (async function* () {
        for await (const page of src.pages) {
          rows += page.length;
          yield page;
        }
      })(),
    };
    const out = typeof o.values.out === 'string' ? o.values.out : undefined;
    if (out === undefined) {
      await toStdout(format, counted);
      return 0;
    }
    const file = atomicFile(out);
    try {
      await writeRows(file.stream, format, counted);
      await file.commit();
    } catch (err) {
      await file.abort();
      throw err;
    }
    process.stderr.write(`baton export: ${rows} ${kind} rows written to ${out}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** To stdout, so it pipes; a reader that stops early (`| head`) ends the export, not as a failure. */
async function toStdout(format: ExportFormat, src: Parameters<typeof writeRows>[2]): Promise<void> {
  const stdout: Writable = process.stdout;
  const gone = () => {};
  stdout.on('error', gone);
  try {
    await writeRows(stdout, format, src);
  } catch (err) {
    if (!(err instanceof ClientGone)) throw err;
  } finally {
    stdout.off('error', gone);
  }
}

function kindOf(positionals: string[]): ExportKind {
  const [kind, ...extra] = positionals;
  if (!EXPORT_KINDS.includes(kind as ExportKind) || extra.length > 0)
    throw new BatonError(
      'INVALID_ARGUMENT',
      `say what to export: one of ${EXPORT_KINDS.join(', ')} (got ${positionals.join(' ') || 'nothing'}).`,
    );
  return kind as ExportKind;
}

function formatOf(value: string | boolean | undefined): ExportFormat {
  if (value === undefined) return 'csv';
  if (EXPORT_FORMATS.includes(value as ExportFormat)) return value as ExportFormat;
  throw new BatonError('INVALID_ARGUMENT', `--format "${String(value)}": give csv or jsonl.`);
}
