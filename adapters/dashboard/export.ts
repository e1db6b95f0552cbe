import type { ServerResponse } from 'node:http';
import {
  ClientGone,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportRow,
  type ExportSource,
  type ExportValue,
  writeRows,
} from '../export/stream.js';
import { SECURITY_HEADERS } from './respond.js';

export { EXPORT_FORMATS, type ExportFormat, type ExportRow, type ExportSource, type ExportValue, writeRows };

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/**
 * Streams an export as a download: headers first, then each page as soon as
 * it is read, waiting for the client to take what was written before
 * reading the next (backpressure), so a list of any length costs one page of
 * memory. A failure half-way breaks the connection rather than ending it: a
 * cut file must not look complete.
 */
export async function sendExport(
  res: ServerResponse,
  format: ExportFormat,
  src: ExportSource,
): Promise<void> {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${src.name}.${format}"`,
  });
  try {
    await writeRows(res, format, src);
    res.end();
  } catch (err) {
    res.destroy(err instanceof Error ? err : new Error(String(err)));
    if (!(err instanceof ClientGone)) throw err;
  }
}
