import { fractionOfWindow } from '../time/business-time.js';
import type { WorkCalendar } from '../time/calendar.js';
import type { LadderRung } from './ladder.js';
import type { FollowUp, FollowUpWindow, Recipient } from './types.js';

export interface WindowPlan {
  /** Handoff id, or customer id for a cadence window. */
  subject: string;
  /** Decline-and-resend round for handoffs; the window start (epoch ms) for cadences. */
  round: number;
  window: FollowUpWindow;
  customerId: string;
  handoffId?: string;
  start: Date;
  deadline: Date;
  /** Playbook `nudges`, e.g. ["50%", "100%"]. */
  nudges: readonly string[];
  /** The owner, the person asked to accept, or (claim mode) the team channel. */
  nudgeTo: Recipient;
  /**
   * The escalation ladder, recipients settled (see planLadder). Each step's
   * id is `…:esc-<at>` (steps rise in `at`, so no two share one), as the
   * single escalation of old had: stores planned before ladders keep their
   * items. A recipient with a `tag` (`…:esc-150%:sending-lead`) is its own
   * due item, so one planned later never reuses the id of one already sent.
   */
  ladder: readonly LadderRung[];
  calendar: WorkCalendar;
}

export function followUpId(subject: string, round: number, window: FollowUpWindow, step: string): string {
  return `${subject}:r${round}:${window}:${step}`;
}

/**
 * The follow-ups of one SLA window: a nudge at each playbook fraction and
 * each step of the escalation ladder, each due in the receiving team's business time.
 * Ids are deterministic, so planning the same window twice cannot make a
 * due item twice.
 */
export function planWindow(p: WindowPlan): FollowUp[] {
  const windowStart = p.start.toISOString();
  const deadline = p.deadline.toISOString();
  const make = itemMaker(p, windowStart, deadline);
  const out: FollowUp[] = [];
  for (const step of p.nudges) {
    const dueAt = fractionOfWindow(p.calendar, p.start, p.deadline, percent(step)).toISOString();
    out.push(make(followUpId(p.subject, p.round, p.window, step), 'nudge', step, p.nudgeTo, dueAt));
  }
  for (const rung of p.ladder) {
    const dueAt = fractionOfWindow(p.calendar, p.start, p.deadline, percent(rung.step)).toISOString();
    const id = followUpId(p.subject, p.round, p.window, `esc-${rung.step}`);
    for (const to of rung.to) {
      out.push(make(to.tag ? `${id}:${to.tag}` : id, 'escalation', rung.step, to.recipient, dueAt));
    }
  }
  return out;
}

/**
 * A window's items, written out as literals in their stored key order (with or without a
 * handoff): spreading a shared base into each item was most of what planning an Accept cost.
 */
function itemMaker(p: WindowPlan, windowStart: string, deadline: string) {
  const { customerId, handoffId, window } = p;
  return (id: string, kind: FollowUp['kind'], step: string, recipient: Recipient, dueAt: string): FollowUp =>
    handoffId
      ? {
          customerId,
          handoffId,
          window,
          windowStart,
          deadline,
          status: 'pending',
          id,
          kind,
          step,
          recipient,
          dueAt,
        }
      : { customerId, window, windowStart, deadline, status: 'pending', id, kind, step, recipient, dueAt };
}

export function percent(step: string): number {
  return Number.parseFloat(step) / 100;
}

/** Pending follow-ups turned into cancellations, with the reason kept for the audit. */
export function cancelAll(followUps: readonly FollowUp[], at: string, reason: string): FollowUp[] {
  return followUps
    .filter((f) => f.status === 'pending')
    .map((f) => {
      const { leaseUntil: _l, leaseOwner: _o, ...rest } = f;
      return { ...rest, status: 'cancelled' as const, cancelledAt: at, cancelReason: reason };
    });
}
