import type { Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { type AuditRow, AuditRun, Interner } from './audit-run.js';
import { errnoOf } from './files.js';
import { HISTORY_BUCKETS } from './history-files.js';

/** How long indexing runs before it lets the event loop serve others (well under the 50 ms budget). */
const SLICE_MS = 12;
/** Bytes of a bucket file read at a time while indexing. */
const BLOCK = 1 << 20;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A bucket file as last indexed: which file (a rewrite makes a new one) and how far. */
interface Indexed {
  run: AuditRun;
  ino: number;
  birth: number;
  rewrites: number;
  /** Bytes of complete lines indexed. */
  end: number;
}

/**
 * The audit lines of every history bucket file, for the newest-first audit
 * pages of the dashboard. Nothing is read at start-up: a bucket is indexed
 * the first time a page needs it, in slices that yield to the event loop,
 * and afterwards only what was appended since (a rewrite, an erasure,
 * indexes the file again). It reads the files as they are, so it works the
 * same beside a running Baton (read-only) as inside it.
 */
export class AuditIndex {
  readonly strings = new Interner();
  private readonly buckets = new Map<number, Indexed>();
  private readonly building = new Map<number, Promise<Indexed | undefined>>();

  constructor(
    readonly fileOf: (bucket: number) => string,
    /** Rewrites of a bucket by this process; a reader beside it relies on the file's identity. */
    private readonly rewritesOf: (bucket: number) => number = () => 0,
  ) {}

  /** Every bucket's run with its bucket, brought up to date with its file. */
  async runs(): Promise<Array<{ bucket: number; run: AuditRun }>> {
    // All sizes at once (a page's fixed cost), then any indexing one bucket at a time (its slices stay short).
    const stats = await Promise.all(Array.from({ length: HISTORY_BUCKETS }, (_, b) => this.statOf(b)));
    const out: Array<{ bucket: number; run: AuditRun }> = [];
    for (let b = 0; b < HISTORY_BUCKETS; b++) {
      const indexed = await this.fresh(b, stats[b]);
      if (indexed && indexed.run.size > 0) out.push({ bucket: b, run: indexed.run });
    }
    return out;
  }

  /** Forgets a bucket (a line read back was not the one indexed): the next page indexes it again. */
  drop(bucket: number): void {
    this.buckets.delete(bucket);
  }

  private async statOf(b: number): Promise<Stats | undefined> {
    try {
      return await stat(this.fileOf(b));
    } catch (err) {
      if (errnoOf(err) !== 'ENOENT') throw err;
      return undefined;
    }
  }

  private fresh(b: number, st: Stats | undefined): Promise<Indexed | undefined> {
    let pending = this.building.get(b);
    if (!pending) {
      pending = this.update(b, st).finally(() => this.building.delete(b));
      this.building.set(b, pending);
    }
    return pending;
  }

  private async update(b: number, st: Stats | undefined): Promise<Indexed | undefined> {
    if (!st) {
      this.buckets.delete(b);
      return undefined;
    }
    const rewrites = this.rewritesOf(b);
    let indexed = this.buckets.get(b);
    const same =
      indexed &&
      indexed.ino === st.ino &&
      indexed.birth === st.birthtimeMs &&
      indexed.rewrites === rewrites &&
      indexed.end <= st.size;
    if (!indexed || !same) {
      indexed = { run: new AuditRun(), ino: st.ino, birth: st.birthtimeMs, rewrites, end: 0 };
      this.buckets.delete(b);
    }
    if (indexed.end < st.size) {
      const fh = await open(this.fileOf(b), 'r');
      try {
        indexed.end = await this.indexFrom(fh, indexed.run, indexed.end, st.size);
      } finally {
        await fh.close().catch(() => {});
      }
    }
    // A rewrite while reading: what was read may mix two files, so it is not kept.
    if (this.rewritesOf(b) === rewrites) this.buckets.set(b, indexed);
    return indexed;
  }

  /** Indexes the complete lines between `from` and `to`; returns where the last one ends. */
  private async indexFrom(fh: FileHandle, run: AuditRun, from: number, to: number): Promise<number> {
    const rows: AuditRow[] = [];
    let buf = Buffer.alloc(Math.min(BLOCK, to - from));
    let pos = from;
    let sliceStart = performance.now();
    const breathe = async () => {
      if (performance.now() - sliceStart <= SLICE_MS) return;
      await yieldToLoop();
      sliceStart = performance.now();
    };
    while (pos < to) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
      let nl = buf.indexOf(0x0a);
      if (nl < 0 || nl >= bytesRead) {
        // The rest is a line still being written, or one longer than the buffer (a big handoff).
        if (bytesRead < buf.length) break;
        buf = Buffer.alloc(buf.length * 2);
        continue;
      }
      let lineStart = 0;
      for (let n = 1; nl >= 0 && nl < bytesRead; n++) {
        const row = this.row(buf, lineStart, nl, pos);
        if (row) rows.push(row);
        lineStart = nl + 1;
        nl = buf.indexOf(0x0a, lineStart);
        if ((n & 255) === 0) await breathe();
      }
      pos += lineStart;
    }
    // Mostly in time order already: one sort, then (almost only) appends.
    rows.sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r) run.add(r);
      if ((i & 4095) === 4095) await breathe();
    }
    return pos;
  }

  /** The index row of an audit line; undefined for touchpoints, handoffs and anything unreadable. */
  private row(buf: Buffer, start: number, end: number, base: number): AuditRow | undefined {
    // `{"c":<id>,"kind":"audit",...`: other kinds are skipped without parsing.
    const kindAt = buf.indexOf(',"kind":"', start);
    if (kindAt < 0 || kindAt >= end || buf.toString('latin1', kindAt + 9, kindAt + 15) !== 'audit"') {
      return undefined;
    }
    let parsed: { c?: unknown; entry?: { id?: unknown; at?: unknown; action?: unknown; actor?: unknown } };
    try {
      parsed = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      return undefined;
    }
    const e = parsed.entry;
    if (!e || typeof e.id !== 'string' || typeof e.at !== 'string') return undefined;
    const ms = Date.parse(e.at);
    const customer = typeof parsed.c === 'string' && parsed.c !== '' ? parsed.c : undefined;
    return {
      ms: Number.isNaN(ms) ? 0 : ms,
      id: e.id,
      customer: customer === undefined ? -1 : this.strings.code(customer),
      action: this.strings.code(String(e.action)),
      actor: this.strings.code(String(e.actor)),
      start: base + start,
      length: end - start,
    };
  }
}
