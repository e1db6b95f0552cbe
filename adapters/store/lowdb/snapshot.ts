import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { BatonError } from '../../../src/errors.js';
import { emptyHotData, type HotData } from '../memory/state.js';
import { errnoOf, writeFileAtomic } from './files.js';
import { readSnapshotLines, snapshotChunks } from './snapshot-format.js';

export const SNAPSHOT_FORMAT = 'baton/1';

/** The data file: the hot working set at journal sequence `seq`. */
export interface SnapshotDoc extends HotData {
  format: typeof SNAPSHOT_FORMAT;
  /** The last journal entry folded in; replay starts after it. */
  seq: number;
  savedAt: string;
}

export const emptySnapshot = (seq = 0): SnapshotDoc => ({
  format: SNAPSHOT_FORMAT,
  seq,
  savedAt: new Date(0).toISOString(),
  ...emptyHotData(),
});

const ARRAYS = ['customers', 'handoffs', 'followUps', 'deliveries', 'cardRefs', 'inbound', 'kv'] as const;
const MAPS = ['closedHandoffs', 'deliveryKeys'] as const;

/**
 * lowdb's adapter for the data file. lowdb's own JSONFile re-serialises the
 * whole document in one go and never fsyncs; this one writes one record a
 * line in chunks (so a big hot set does not stall the event loop), durably
 * and atomically, and refuses a file it cannot trust instead of starting empty.
 */
export class SnapshotAdapter implements Adapter<SnapshotDoc> {
  constructor(
    private readonly file: string,
    private readonly recordsPerChunk = 500,
    /** Journey facts left as their JSON lines (`journeyLines`) for the hot state to parse when read. */
    private readonly rawJourney = false,
  ) {}

  async read(): Promise<SnapshotDoc | null> {
    let fast: Record<string, unknown> | undefined;
    try {
      fast = await readSnapshotLines(this.file, undefined, { raw: this.rawJourney ? ['journey'] : [] });
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return null;
      throw unreadable(this.file, err);
    }
    if (fast && this.rawJourney && Array.isArray(fast.journey)) {
      fast.journeyLines = fast.journey;
      fast.journey = [];
    }
    if (fast) return checkShape(this.file, fast);
    // Not in our own layout (edited by hand, or damaged): ordinary JSON decides.
    let raw: Buffer;
    try {
      raw = await readFile(this.file);
    } catch (err) {
      throw unreadable(this.file, err);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw corrupt(this.file, `it is not valid JSON (${(err as Error).message})`);
    }
    return checkShape(this.file, doc);
  }

  async write(doc: SnapshotDoc): Promise<void> {
    await writeFileAtomic(this.file, snapshotChunks(doc, this.recordsPerChunk));
  }
}

function checkShape(file: string, doc: unknown): SnapshotDoc {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw corrupt(file, 'it is not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format !== SNAPSHOT_FORMAT) {
    throw corrupt(file, `its format is ${JSON.stringify(d.format)}, not ${JSON.stringify(SNAPSHOT_FORMAT)}`);
  }
  if (typeof d.seq !== 'number' || !Number.isInteger(d.seq) || d.seq < 0)
    throw corrupt(file, 'its "seq" is missing');
  for (const key of ARRAYS) if (!Array.isArray(d[key])) throw corrupt(file, `its "${key}" is not a list`);
  // Absent in files written before the journey rollup: they open with none.
  if (d.journey !== undefined && !Array.isArray(d.journey))
    throw corrupt(file, 'its "journey" is not a list');
  for (const key of MAPS) {
    if (!d[key] || typeof d[key] !== 'object' || Array.isArray(d[key]))
      throw corrupt(file, `its "${key}" is not an object`);
  }
  return doc as SnapshotDoc;
}

function unreadable(file: string, err: unknown): BatonError {
  return new BatonError(
    'DATA_FILE_UNREADABLE',
    `Cannot read the data file ${file}: ${(err as Error).message}. ` +
      'Check its permissions (and that it is a file), or restore it from a backup.',
    { file },
  );
}

function corrupt(file: string, why: string): BatonError {
  return new BatonError(
    'DATA_FILE_CORRUPT',
    `The data file ${file} cannot be used: ${why}. Baton did not change it. ` +
      'Restore it from a backup, or move it (and its .journal.* files) away to start empty.',
    { file },
  );
}
