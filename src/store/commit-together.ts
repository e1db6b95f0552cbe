import type { ChangeSet, CommitResult, Store } from './store.js';

/** The fields a merged change may carry besides handoffs: lists that add up. */
const LISTS = ['followUpsSent', 'deliveries', 'audit'] as const;

/**
 * The changes as one, when each only adds follow-ups sent, deliveries, audit entries and
 * handoff updates, and no handoff is updated twice; undefined otherwise. A tick's escalations of
 * one handoff to different people build one on the other (two versions): a store takes one
 * version step per commit, so those are committed one after the other, as before.
 */
export function mergedChange(changes: readonly ChangeSet[]): ChangeSet | undefined {
  const out: Required<Pick<ChangeSet, (typeof LISTS)[number] | 'handoffs'>> = {
    followUpsSent: [],
    deliveries: [],
    audit: [],
    handoffs: [],
  };
  const handoffIds = new Set<string>();
  for (const c of changes) {
    for (const key of Object.keys(c) as Array<keyof ChangeSet>) {
      if (key !== 'handoffs' && !(LISTS as readonly string[]).includes(key)) return undefined;
    }
    for (const f of c.followUpsSent ?? []) out.followUpsSent.push(f);
    for (const d of c.deliveries ?? []) out.deliveries.push(d);
    for (const a of c.audit ?? []) out.audit.push(a);
    for (const h of c.handoffs ?? []) {
      if (handoffIds.has(h.value.id)) return undefined;
      handoffIds.add(h.value.id);
      out.handoffs.push(h);
    }
  }
  const merged: ChangeSet = {};
  for (const key of LISTS) if (out[key].length > 0) Object.assign(merged, { [key]: out[key] });
  if (out.handoffs.length > 0) merged.handoffs = out.handoffs;
  return merged;
}

/**
 * Commits `changes` as one commit when they merge and it lands: one validation, one journal
 * line and one fsync, one transaction on PostgreSQL (a tick's forty recipients as forty commits
 * cost a quarter of its time). When the merged commit is refused (an accept cancelled one of the
 * follow-ups meanwhile), nothing of it was written, and each change is committed on its own as
 * before, so one recipient's conflict holds back only that recipient's message. One result per
 * change, in order.
 */
export async function commitTogether(
  store: Pick<Store, 'commit'>,
  changes: readonly ChangeSet[],
): Promise<CommitResult[]> {
  const merged = changes.length > 1 ? mergedChange(changes) : undefined;
  if (merged) {
    const r = await store.commit(merged);
    if (r.ok) return changes.map(() => r);
  }
  return Promise.all(changes.map((c) => store.commit(c)));
}
