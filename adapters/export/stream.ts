import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportValue = string | number | null;
export type ExportRow = Record<string, ExportValue>;

/** A list to export: its columns (CSV header, JSON keys, in order) and its rows, read a page at a time. */
export interface ExportSource {
  /** File name without extension, e.g. `baton-handoffs-2026-11-23`. */
  name: string;
  columns: readonly string[];
  pages: AsyncIterable<ExportRow[]>;
}

/** The reader of an export (a browser, a pipe) went away before the end. */
export class ClientGone extends Error {}

/**
 * Writes every page to `out`, one chunk per page, never more than one page
 * ahead of the reader (backpressure): a list of any length costs one page of
 * memory, whether it goes to a browser or to a file.
 */
export async function writeRows(out: Writable, format: ExportFormat, src: ExportSource): Promise<void> {
  let first = true;
  for await (const rows of src.pages) {
    if (out.destroyed) throw new ClientGone('the client went away');
    const chunk = format === 'csv' ? csvChunk(src.columns, rows, first) : jsonlChunk(src.columns, rows);
    first = false;
    if (chunk === '') continue;
    if (!out.write(chunk)) await drained(out);
  }
  if (first && format === 'csv') out.write(csvChunk(src.columns, [], true));
}

function csvChunk(columns: readonly string[], rows: ExportRow[], header: boolean): string {
  // The BOM lets spreadsheet programs read Korean names as UTF-8; formulas are escaped
  // so a customer named "=HYPERLINK(...)" stays text when the file is opened.
  return stringify(rows, { columns: [...columns], header, bom: header, escape_formulas: true });
}

function jsonlChunk(columns: readonly string[], rows: ExportRow[]): string {
  let out = '';
  for (const r of rows)
    out += `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))}\n`;
  return out;
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new ClientGone('the client went away'));
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}
