import type { EscalationMark, FollowUp, Handoff, Iso } from './types.js';

/**
 * The escalation steps a handoff reached, oldest first. A handoff marked
 * before ladders has only `escalatedTo`/`escalatedAt`: it reads as one step
 * to that person, so old data shows as it always did, in every store.
 */
export function escalationsOf(h: Handoff): EscalationMark[] {
  if (h.escalations) return h.escalations;
  if (!h.escalatedTo) return [];
  return [{ to: { kind: 'person', person: h.escalatedTo }, at: h.escalatedAt ?? h.updatedAt }];
}

/**
 * The handoff with the escalations that fell due now added, one version on.
 * The fields of before ladders are folded into the list, so a handoff
 * carries one record of its escalations from then on.
 */
export function withEscalations(h: Handoff, due: readonly FollowUp[], at: Iso): Handoff {
  const { escalatedTo: _to, escalatedAt: _at, ...rest } = h;
  const added = due.map((f): EscalationMark => ({ step: f.step, window: f.window, to: f.recipient, at }));
  return {
    ...rest,
    escalations: [...escalationsOf(h), ...added],
    updatedAt: at,
    version: h.version + 1,
  };
}

/** How a recipient is written in the audit and a card's note: a person key, or `team:<key>`. */
export function recipientKey(to: EscalationMark['to']): string {
  return to.kind === 'person' ? to.person : `team:${to.team}`;
}
