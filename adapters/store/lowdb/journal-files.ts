import { open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BatonError, errorMessage } from '../../../src/errors.js';
import { type DataPaths, errnoOf } from './files.js';
import type { JournalEntry } from './journal.js';
import type { StoreLogger } from './logger.js';

/** Generations of journal files beside the data file, oldest first. */
export async function listJournalGens(paths: DataPaths): Promise<number[]> {
  const names = await readdir(paths.dir).catch((err) => {
    if (errnoOf(err) === 'ENOENT') return [] as string[];
    throw err;
  });
  const gens: number[] = [];
  for (const name of names) {
    if (!name.startsWith(paths.journalPrefix)) continue;
    const suffix = name.slice(paths.journalPrefix.length);
    if (/^\d+$/.test(suffix)) gens.push(Number(suffix));
  }
  return gens.sort((a, b) => a - b);
}

export async function deleteJournalsBefore(paths: DataPaths, gen: number): Promise<void> {
  for (const g of await listJournalGens(paths)) {
    if (g < gen) await unlink(paths.journal(g)).catch(() => {});
  }
}

export interface JournalFile {
  file: string;
  entries: JournalEntry[];
  /** Where a line cut short by a crash starts, if the file ends in one. */
  tornAt: number | undefined;
  size: number;
}

/**
 * Reads and checks one journal file without changing it. A last line without
 * its newline is an append cut short by a crash: it was never confirmed, so
 * it is left out (`cutTornTail` removes it once every file checked out). Any
 * other unreadable line means the file was damaged: refuse.
 */
export async function readJournalFile(file: string): Promise<JournalFile> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    throw new BatonError(
      'DATA_FILE_UNREADABLE',
      `Cannot read the journal ${file}: ${errorMessage(err)}. Check its permissions, or restore it from a backup.`,
      { file },
    );
  }
  const end = raw.lastIndexOf(0x0a) + 1;
  const lines = raw.subarray(0, end).toString('utf8').split('\n');
  lines.pop();
  const entries = lines.map((line, i) => parseLine(file, i + 1, line));
  return { file, entries, tornAt: end < raw.length ? end : undefined, size: raw.length };
}

/** Cuts the torn last line off, so that the file holds whole lines only. */
export async function cutTornTail(journal: JournalFile, logger: StoreLogger): Promise<void> {
  if (journal.tornAt === undefined) return;
  logger.warn(
    { file: journal.file, line: journal.entries.length + 1, bytes: journal.size - journal.tornAt },
    'dropping a journal line cut short by a crash (it was never confirmed)',
  );
  const fh = await open(journal.file, 'r+');
  try {
    await fh.truncate(journal.tornAt);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function parseLine(file: string, lineNo: number, line: string): JournalEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw corruptLine(file, lineNo, `it is not valid JSON (${errorMessage(err)})`);
  }
  if (!parsed || typeof parsed !== 'object') throw corruptLine(file, lineNo, 'it is not a JSON object');
  const e = parsed as Partial<JournalEntry>;
  if (typeof e.seq !== 'number' || !Number.isInteger(e.seq) || e.seq < 1)
    throw corruptLine(file, lineNo, 'no "seq"');
  const hasChange = e.change !== undefined && typeof e.change === 'object' && e.change !== null;
  if (!hasChange && typeof e.prune !== 'string')
    throw corruptLine(file, lineNo, 'neither a change nor a prune');
  return e as JournalEntry;
}

export function corruptLine(file: string, lineNo: number, why: string): BatonError {
  return new BatonError(
    'DATA_FILE_CORRUPT',
    `The journal ${file} is damaged at line ${lineNo}: ${why}. Baton did not change it. ` +
      `Restore the data file and its journal from a backup, or move ${path.basename(file)} away ` +
      '(losing the changes recorded in it) to start from the last snapshot.',
    { file, line: lineNo },
  );
}

export function missingEntries(file: string, expected: number, found: number): BatonError {
  return new BatonError(
    'DATA_FILE_CORRUPT',
    `The journal ${file} starts at entry ${found} but entry ${expected} is missing: a journal file was lost. ` +
      'Baton did not change anything. Restore the data file and its journal files from a backup.',
    { file, expected, found },
  );
}
