import { BatonError, errorMessage } from '../../../src/errors.js';
import type { HistoryFiles } from './history-files.js';
import type { HistoryLine } from './history-lines.js';

interface Item {
  seq: number;
  lines: HistoryLine[];
  erase: string[];
  /** Set on a request to fsync everything written up to this point. */
  synced?: { resolve(): void; reject(err: unknown): void };
}

/**
 * Writes each commit's history once its journal line is durable (`gate`),
 * in commit order, batching whatever piled up meanwhile. An erasure waits for
 * the appends before it, so nothing it should cover is written after it.
 */
export class HistoryWriter {
  private queue: Item[] = [];
  private current: Item[] = [];
  private running = false;
  private processedSeq: number;
  private enqueuedSeq: number;
  private waiters: Array<{ seq: number; resolve(): void; reject(err: unknown): void }> = [];
  private failure: Error | undefined;
  /** Per customer with history not in the files yet, the last commit that has some. */
  private pendingOf = new Map<string, number>();

  constructor(
    private readonly files: HistoryFiles,
    private readonly gate: (seq: number) => Promise<void>,
    startSeq: number,
    private readonly onFailure: (err: Error) => void,
  ) {
    this.processedSeq = startSeq;
    this.enqueuedSeq = startSeq;
  }

  enqueue(seq: number, lines: HistoryLine[], erase: string[] = []): void {
    this.enqueuedSeq = seq;
    for (const l of lines) this.pendingOf.set(l.customerId, seq);
    for (const id of erase) this.pendingOf.set(id, seq);
    if (lines.length === 0 && erase.length === 0 && !this.running && this.queue.length === 0) {
      this.processedSeq = seq;
      return;
    }
    this.push({ seq, lines, erase });
  }

  /**
   * Takes sequence number `seq` (a journal entry without history) and
   * resolves once the history of everything up to it is fsynced. In the
   * queue like any commit, so it never races an append or an erasure.
   */
  syncThrough(seq: number): Promise<void> {
    this.enqueuedSeq = seq;
    return new Promise((resolve, reject) =>
      this.push({ seq, lines: [], erase: [], synced: { resolve, reject } }),
    );
  }

  private push(item: Item): void {
    if (this.failure) {
      item.synced?.reject(this.failure);
      return;
    }
    this.queue.push(item);
    if (!this.running) {
      this.running = true;
      void this.run();
    }
  }

  /** Resolves when the history of every commit enqueued so far is in the files. */
  caughtUp(seq = this.enqueuedSeq): Promise<void> {
    if (seq <= this.processedSeq) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * Resolves when the history of every commit so far that has some of this customer's is in
   * the files. A `/cx` of one customer waited for everyone's: under a stream of Accepts the
   * writer is never idle, and the look-up waited out a batch or two (120 ms at p50).
   */
  caughtUpFor(customerId: string): Promise<void> {
    const seq = this.pendingOf.get(customerId);
    return seq === undefined ? Promise.resolve() : this.caughtUp(seq);
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.current = batch;
        this.queue = [];
        const last = batch[batch.length - 1]?.seq ?? this.processedSeq;
        await this.gate(last);
        // The commits waiting on the same fsync answer first; their history is not what they wait for.
        await new Promise<void>((resolve) => setImmediate(resolve));
        let pending: HistoryLine[] = [];
        for (const item of batch) {
          for (const line of item.lines) pending.push(line);
          if (item.erase.length === 0 && !item.synced) continue;
          await this.files.append(pending);
          pending = [];
          for (const customerId of item.erase) await this.files.erase(customerId);
          if (item.synced) {
            await this.files.sync();
            item.synced.resolve();
          }
        }
        await this.files.append(pending);
        this.processedSeq = last;
        for (const item of batch) {
          for (const l of item.lines)
            if ((this.pendingOf.get(l.customerId) ?? 0) <= last) this.pendingOf.delete(l.customerId);
          for (const id of item.erase) if ((this.pendingOf.get(id) ?? 0) <= last) this.pendingOf.delete(id);
        }
        this.wake();
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.running = false;
    }
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.seq <= this.processedSeq) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private fail(err: unknown): void {
    // A failed journal already explains itself; anything else is a history file problem.
    const failure =
      err instanceof BatonError
        ? err
        : new BatonError(
            'DATA_FILE_WRITE_FAILED',
            `Writing the history files in ${this.files.dir} failed (${errorMessage(err)}). ` +
              'This Baton takes no more changes: fix the disk (space, permissions) and restart it. ' +
              'Everything confirmed is safe in the journal.',
          );
    this.failure = failure;
    for (const item of [...this.current, ...this.queue]) item.synced?.reject(failure);
    this.queue = [];
    this.current = [];
    for (const w of this.waiters) w.reject(failure);
    this.waiters = [];
    this.onFailure(failure);
  }
}
