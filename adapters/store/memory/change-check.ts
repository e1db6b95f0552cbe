import type { Customer, Handoff } from '../../../src/domain/types.js';
import type { ChangeSet, CommitResult } from '../../../src/store/store.js';
import type { FollowUpTable } from './follow-up-table.js';
import type { InboundTable } from './inbound-table.js';
import { versionMatches } from './keys.js';
import type { KvTable } from './kv-table.js';

/** What a change set is checked against: the hot state's tables, read only. */
export interface CheckedAgainst {
  customers: ReadonlyMap<string, Customer>;
  handoffs: ReadonlyMap<string, Handoff>;
  /** Closed handoff id to customer id: a closed handoff takes no further version. */
  closedHandoffs: ReadonlyMap<string, string>;
  followUps: FollowUpTable;
  inbound: InboundTable;
  kv: KvTable;
}

/**
 * Checks a change set against the current state without changing anything: versions of
 * customers and handoffs, follow-ups sent once, inbound events taken once, kv expectations.
 */
export function checkChange(change: ChangeSet, state: CheckedAgainst): CommitResult {
  for (const { value, expectedVersion } of change.customers ?? []) {
    const current = state.customers.get(value.id);
    if (!versionMatches(current?.version, expectedVersion, value.version)) {
      return { ok: false, reason: 'conflict', entity: 'customer', id: value.id };
    }
  }
  for (const { value, expectedVersion } of change.handoffs ?? []) {
    const current = state.handoffs.get(value.id);
    const closedVersion = state.closedHandoffs.has(value.id) ? Number.POSITIVE_INFINITY : undefined;
    if (!versionMatches(current?.version ?? closedVersion, expectedVersion, value.version)) {
      return { ok: false, reason: 'conflict', entity: 'handoff', id: value.id };
    }
  }
  for (const id of change.followUpsSent ?? []) {
    if (state.followUps.get(id)?.status !== 'pending')
      return { ok: false, reason: 'conflict', entity: 'followUp', id };
  }
  for (const { value, expectExisting } of change.inbound ?? []) {
    const exists = state.inbound.has(value.source, value.id);
    if (exists && !expectExisting)
      return { ok: false, reason: 'duplicate', source: value.source, id: value.id };
  }
  return state.kv.validate(change);
}
