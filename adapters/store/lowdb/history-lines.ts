/**
 * The history files' line format: one JSON object a line, the customer id first
 * (`{"c":<id>,"kind":…,"at":…,"entry":…}`), so a reader finds a customer's lines
 * without parsing anyone else's.
 */

import type { HistoryEntry } from '../../../src/domain/types.js';

const customerOf = (e: HistoryEntry): string => e.entry.customerId ?? '';

/** One line of a history file, its entry already JSON; the line itself is made when it is written. */
export interface HistoryLine {
  customerId: string;
  kind: HistoryEntry['kind'];
  at: string;
  entryJson: string;
}

/** Customer id first, so a reader can skip other customers' lines without parsing them. */
const lineHead = (l: HistoryLine): string =>
  `{"c":${JSON.stringify(l.customerId)},"kind":"${l.kind}","at":${JSON.stringify(l.at)},"entry":`;
const LINE_END = '}\n';
const lineText = (l: HistoryLine): string => `${lineHead(l)}${l.entryJson}${LINE_END}`;

/**
 * Lines encoded into one buffer, each line's byte length beside it, without
 * making each line's text and the bucket's joined text first (a tick's
 * thousand audit lines: 1.1 MB of strings, garbage at once).
 */
export function encodeLines(lines: readonly HistoryLine[]): { bytes: Buffer; sizes: number[] } {
  const heads: string[] = [];
  const sizes: number[] = [];
  let total = 0;
  for (const l of lines) {
    const head = lineHead(l);
    const size = Buffer.byteLength(head) + Buffer.byteLength(l.entryJson) + LINE_END.length;
    heads.push(head);
    sizes.push(size);
    total += size;
  }
  const bytes = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    offset += bytes.write(heads[i] as string, offset);
    offset += bytes.write((lines[i] as HistoryLine).entryJson, offset);
    offset += bytes.write(LINE_END, offset);
  }
  return { bytes, sizes };
}

const toLine = (e: HistoryEntry): HistoryLine => ({
  customerId: customerOf(e),
  kind: e.kind,
  at: e.at,
  entryJson: JSON.stringify(e.entry),
});

export const historyLine = (e: HistoryEntry): string => lineText(toLine(e));

export const historyLines = (entries: readonly HistoryEntry[]): HistoryLine[] => entries.map(toLine);
export const linePrefix = (customerId: string) => `{"c":${JSON.stringify(customerId)},`;

export const byTime = (list: HistoryEntry[]): HistoryEntry[] =>
  list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

/** One history line, or undefined for a torn or foreign one. */
export function parseLine(line: string): HistoryEntry | undefined {
  try {
    const { kind, at, entry } = JSON.parse(line) as HistoryEntry;
    return { kind, at, entry } as HistoryEntry;
  } catch {
    return undefined;
  }
}

/** Whole lines per chunk: cutting a string anywhere could split a character in two. */
export function* chunkLines(lines: string[], perChunk = 5000): Generator<string> {
  for (let i = 0; i < lines.length; i += perChunk) {
    const last = i + perChunk >= lines.length;
    yield lines.slice(i, i + perChunk).join('\n') + (last ? '' : '\n');
  }
}
