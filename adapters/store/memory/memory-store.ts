import type { AuditEntry, Handoff, HistoryEntry } from '../../../src/domain/types.js';
import type { ChangeSet, CommitResult, Store } from '../../../src/store/store.js';
import { checkAuditQuery } from './audit-query.js';
import { pageAudit } from './audit-scan.js';
import { eraseHistoryEntry } from './erase.js';
import { hotHandoffs, hotReads } from './hot-reads.js';
import { markSendingThrough } from './mark-sending.js';
import { settleClaimsThrough } from './settle-claims.js';
import { type HotData, HotState } from './state.js';

/**
 * The in-memory store: the hot-state engine plus history kept in arrays.
 * For tests and the simulation; nothing survives the process.
 */
export function createMemoryStore(initial?: HotData): Store & { readonly state: HotState } {
  const state = new HotState(initial);
  const history = new Map<string, HistoryEntry[]>();
  // Audit entries about no customer (a dashboard sign-in): on no timeline, but in the audit log.
  const personAudit: AuditEntry[] = [];

  const appendHistory = (entries: HistoryEntry[]) => {
    for (const e of entries) {
      const customerId = customerOf(e);
      if (customerId === undefined) {
        if (e.kind === 'audit') personAudit.push(structuredClone(e.entry));
        continue;
      }
      let list = history.get(customerId);
      if (!list) {
        list = [];
        history.set(customerId, list);
      }
      list.push(structuredClone(e));
    }
  };

  const commit = async (change: ChangeSet): Promise<CommitResult> => {
    const verdict = state.validate(change);
    if (!verdict.ok) return verdict;
    // Stored copies are detached from the caller's objects, as they would be on disk.
    const { history: produced } = state.apply(structuredClone(change));
    appendHistory(produced);
    for (const customerId of change.eraseHistoryOf ?? []) {
      const list = history.get(customerId);
      if (list) history.set(customerId, list.map(eraseHistoryEntry));
    }
    return { ok: true };
  };

  return {
    kind: 'memory',
    state,
    ...hotReads(state),
    getHandoff: async (id) => state.getHandoff(id) ?? closedHandoff(id),
    getHandoffs: (ids) => hotHandoffs(state, ids, async (id) => closedHandoff(id)),
    history: async (customerId, opts) => {
      const list = [...(history.get(customerId) ?? [])].sort((a, b) => a.at.localeCompare(b.at));
      return opts?.limit === undefined ? list : list.slice(-opts.limit);
    },
    scanAudit: async (q) => {
      checkAuditQuery(q);
      const audit = function* () {
        for (const list of history.values()) for (const e of list) if (e.kind === 'audit') yield e.entry;
        yield* personAudit;
      };
      return structuredClone(pageAudit(audit(), q));
    },
    commit,
    markDeliveriesSending: markSendingThrough(state, commit),
    settleClaims: settleClaimsThrough(state, commit),
    claimDueFollowUps: async (now, opts) => state.claimDueFollowUps(now, opts),
    claimDeliveries: async (now, opts) => state.claimDeliveries(now, opts),
    claimInbound: async (now, opts) => state.claimInbound(now, opts),
    renewDeliveryLeases: async (ids, now, o) => state.renewDeliveryLeases(ids, now, o),
    deliverNotYetNow: async (platform, now) => state.deliverNotYetNow(platform, now),
    prune: async (before) => state.prune(before),
    ready: async () => true,
    close: async () => {},
  };

  function closedHandoff(id: string): Handoff | undefined {
    const customerId = state.closedHandoffCustomer(id);
    if (customerId === undefined) return undefined;
    const entries = history.get(customerId) ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e?.kind === 'handoff' && e.entry.id === id) return e.entry;
    }
    return undefined;
  }
}

export function customerOf(e: HistoryEntry): string | undefined {
  return e.entry.customerId;
}
