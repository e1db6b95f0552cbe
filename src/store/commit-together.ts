import type { ChangeSet, CommitResult, Store } from './store.js';

/** What a merged change may carry: lists that add up, and handoff updates (each once). */
const MERGEABLE: ReadonlySet<string> = new Set<keyof ChangeSet>([
  'followUpsSent',
  'deliveries',
  'audit',
  'handoffs',
]);

/**
 * The changes as one, when each only adds follow-ups sent, deliveries, audit entries and
 * handoff updates, and no handoff is updated twice; undefined otherwise. A tick's escalations of
 * one handoff to different people build one on the other (two versions): a store takes one
 * version step per commit, so those are committed one after the other, as before.
 */
export function mergedChange(changes: readonly ChangeSet[]): ChangeSet | undefined {
  const followUpsSent: string[] = [];
  const deliveries: NonNullable<ChangeSet['deliveries']> = [];
  const audit: NonNullable<ChangeSet['audit']> = [];
  const handoffs: NonNullable<ChangeSet['handoffs']> = [];
  const handoffIds = new Set<string>();
  for (const c of changes) {
    if (Object.keys(c).some((key) => !MERGEABLE.has(key))) return undefined;
    followUpsSent.push(...(c.followUpsSent ?? []));
    deliveries.push(...(c.deliveries ?? []));
    audit.push(...(c.audit ?? []));
    for (const h of c.handoffs ?? []) {
      if (handoffIds.has(h.value.id)) return undefined;
      handoffIds.add(h.value.id);
      handoffs.push(h);
    }
  }
  // Only the lists that have something: an empty one would still be written to the journal.
  return {
    ...(followUpsSent.length > 0 ? { followUpsSent } : {}),
    ...(deliveries.length > 0 ? { deliveries } : {}),
    ...(audit.length > 0 ? { audit } : {}),
    ...(handoffs.length > 0 ? { handoffs } : {}),
  };
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
