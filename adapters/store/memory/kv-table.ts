import type { ChangeSet, CommitResult } from '../../../src/store/store.js';
import { kvKey } from './keys.js';

type Entry = { ns: string; key: string; value: unknown };

/** The key-value part of HotState: small records by namespace and key (marks, cursors, time off). */
export class KvTable {
  private readonly entries = new Map<string, Entry>();

  constructor(entries: readonly Entry[]) {
    for (const e of entries) this.entries.set(kvKey(e.ns, e.key), e);
  }

  values(): Entry[] {
    return [...this.entries.values()];
  }

  /** A conflict when an insert finds its key taken or a take finds it free. */
  validate(change: ChangeSet): CommitResult {
    for (const e of change.kvInsert ?? []) if (this.entries.has(kvKey(e.ns, e.key))) return conflict(e);
    for (const e of change.kvTake ?? []) if (!this.entries.has(kvKey(e.ns, e.key))) return conflict(e);
    return { ok: true };
  }

  apply(change: ChangeSet): void {
    for (const e of change.kv ?? []) {
      if (e.value === null) this.entries.delete(kvKey(e.ns, e.key));
      else this.entries.set(kvKey(e.ns, e.key), e);
    }
    for (const e of change.kvInsert ?? []) this.entries.set(kvKey(e.ns, e.key), e);
    for (const e of change.kvTake ?? []) this.entries.delete(kvKey(e.ns, e.key));
  }

  get(ns: string, key: string): unknown {
    return this.entries.get(kvKey(ns, key))?.value;
  }

  list(ns: string): Array<{ key: string; value: unknown }> {
    return this.values()
      .filter((e) => e.ns === ns)
      .map((e) => ({ key: e.key, value: e.value }));
  }
}

const conflict = (e: { ns: string; key: string }): CommitResult => ({
  ok: false,
  reason: 'conflict',
  entity: 'kv',
  id: `${e.ns}/${e.key}`,
});
