import { recipientKey, withEscalations } from '../domain/escalations.js';
import type { Delivery, FollowUp, Handoff } from '../domain/types.js';
import { handoffAudit } from '../services/audit.js';
import { cardUpdates, type DeliveryContext } from '../services/deliveries.js';
import type { ActionDeps } from '../services/mutate.js';
import type { AuditEntry, ChangeSet } from '../store/store.js';

export interface EscalationMarks {
  handoffs: NonNullable<ChangeSet['handoffs']>;
  audit: AuditEntry[];
  deliveries: Delivery[];
}

/**
 * Each escalation step that went out is marked on its handoff: added to its
 * escalations (who, when, which step), written to the audit as
 * `handoff.escalated`, and shown on every card posted of it, with a note in
 * the card's thread. The escalations of one handoff that fell due together
 * make one change, so its version moves once. `handoffs` is updated with
 * the marked handoff, for the next message of the same tick to build on.
 */
export async function escalationMarks(
  deps: ActionDeps,
  dctx: DeliveryContext,
  items: readonly FollowUp[],
  handoffs: Map<string, Handoff | undefined>,
): Promise<EscalationMarks> {
  const out: EscalationMarks = { handoffs: [], audit: [], deliveries: [] };
  const byHandoff = new Map<string, FollowUp[]>();
  for (const f of items) {
    if (f.kind !== 'escalation' || !f.handoffId || !handoffs.get(f.handoffId)) continue;
    byHandoff.set(f.handoffId, [...(byHandoff.get(f.handoffId) ?? []), f]);
  }
  for (const [id, due] of byHandoff) {
    const h = handoffs.get(id);
    if (!h) continue;
    const marked = withEscalations(h, due, dctx.now);
    out.handoffs.push({ value: marked, expectedVersion: h.version });
    handoffs.set(id, marked);
    for (const f of due)
      out.audit.push(
        handoffAudit(deps.ids, dctx.now, 'system', 'handoff.escalated', marked, {
          to: recipientKey(f.recipient),
          step: f.step,
          window: f.window,
        }),
      );
    out.deliveries.push(
      ...cardUpdates(dctx, marked, await deps.store.listCardRefs(id), {
        event: 'escalated',
        detail: due.map((f) => recipientKey(f.recipient)).join(','),
      }),
    );
  }
  return out;
}
