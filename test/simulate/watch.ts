import type { Customer, FollowUp, Handoff } from '../../src/domain/types.js';
import { fractionOfWindow } from '../../src/time/business-time.js';
import { calendarOf, escalateFraction, leadOf, type TeamKey } from './org.js';

/** One stretch during which a customer was past their contact deadline. */
export interface Episode {
  customerId: string;
  deadline: number;
  /** When the window began: the card went out (first contact) or the last contact (cadence). */
  windowStart: number;
  window: 'firstContact' | 'cadence';
  team: TeamKey;
  end: number;
  /** People told about the customer in the window who were not (or no longer) responsible for them. */
  toldOthers?: string[];
}

interface Deadline {
  due: number | undefined;
  windowStart: number;
  window: Episode['window'];
  team: TeamKey;
}

export interface Heard {
  at: number;
  to: string;
  kind: FollowUp['kind'];
  /** The recipient was the customer's owner (or the person asked to accept) when it arrived. */
  responsible: boolean;
}

export interface Verdict {
  episodes: number;
  customersPastSla: number;
  /** Past the deadline without a nudge to the owner in that window. */
  ownerNotNudged: Episode[];
  /** Still past it at the escalation point without an escalation to the lead. */
  leadNotEscalated: Episode[];
  silentCustomers: string[];
}

/**
 * Keeps its own books, from what the simulated people saw on the platform
 * and the deadlines the customers' records show, never from Baton's
 * follow-up bookkeeping: if a reminder was lost, planned for the wrong
 * person or never planned at all, these books show a silent customer.
 */
export function createWatch(opts: { toleranceMs: number }) {
  const deadlines = new Map<string, Deadline>();
  const heard = new Map<string, Heard[]>();
  const episodes: Episode[] = [];
  const erasedAt = new Map<string, number>();
  const problems = new Set<string>();

  return {
    problems,
    deadlines,
    heardBy: (customerId: string): readonly Heard[] => heard.get(customerId) ?? [],
    /** After every change the simulation makes to a customer, and on sweeps. */
    observe(c: Customer, waiting: Handoff | undefined, now: number, expectChange: boolean): void {
      if (c.erasedAt) {
        if (!erasedAt.has(c.id)) erasedAt.set(c.id, now);
        close(c.id, now);
        deadlines.delete(c.id);
        return;
      }
      if (!c.postPurchase) return;
      const due = c.contactDueAt ? Date.parse(c.contactDueAt) : undefined;
      if (due === undefined) problems.add(`${c.id} is post-purchase with no contact deadline`);
      const prev = deadlines.get(c.id);
      if (prev && prev.due === due) return;
      if (prev && !expectChange) problems.add(`${c.id}'s deadline moved with nobody acting on it`);
      close(c.id, now);
      const start = waiting?.openedAt ?? c.lastContactAt ?? c.purchasedAt;
      deadlines.set(c.id, {
        due,
        windowStart: start ? Date.parse(start) : now,
        window: waiting ? 'firstContact' : 'cadence',
        team: (waiting?.to ?? c.team) as TeamKey,
      });
    },
    /** A reminder a person received, item by item, as the platform showed it. */
    heard(customerId: string, h: Heard): void {
      const list = heard.get(customerId) ?? [];
      list.push(h);
      heard.set(customerId, list);
      const erased = erasedAt.get(customerId);
      if (erased !== undefined && h.at > erased)
        problems.add(`${customerId} was named in a reminder after erasure`);
    },
    /** Customers past their deadline now, by these books. */
    pastDue(now: number): string[] {
      return [...deadlines].filter(([, d]) => d.due !== undefined && d.due < now).map(([id]) => id);
    },
    verdict(end: number): Verdict {
      for (const id of [...deadlines.keys()]) close(id, end);
      const ownerNotNudged: Episode[] = [];
      const leadNotEscalated: Episode[] = [];
      for (const e of episodes) {
        const from = e.windowStart - opts.toleranceMs;
        const list = heard.get(e.customerId) ?? [];
        const ownerBy = e.deadline + opts.toleranceMs;
        if (
          end > ownerBy &&
          !list.some((h) => h.kind === 'nudge' && h.responsible && h.at >= from && h.at <= ownerBy)
        ) {
          const others = list
            .filter((h) => !h.responsible && h.at >= from && h.at <= ownerBy)
            .map((h) => h.to);
          ownerNotNudged.push({ ...e, toldOthers: [...new Set(others)] });
        }
        const escalateAt = fractionOfWindow(
          calendarOf(e.team),
          new Date(e.windowStart),
          new Date(e.deadline),
          escalateFraction(e.window, e.team),
        ).getTime();
        const leadBy = escalateAt + opts.toleranceMs;
        const lead = leadOf(e.team);
        if (
          e.end > leadBy &&
          !list.some((h) => h.kind === 'escalation' && h.to === lead && h.at >= from && h.at <= leadBy)
        )
          leadNotEscalated.push(e);
      }
      const silent = new Set([...ownerNotNudged, ...leadNotEscalated].map((e) => e.customerId));
      return {
        episodes: episodes.length,
        customersPastSla: new Set(episodes.map((e) => e.customerId)).size,
        ownerNotNudged,
        leadNotEscalated,
        silentCustomers: [...silent].sort(),
      };
    },
  };

  function close(customerId: string, now: number): void {
    const d = deadlines.get(customerId);
    if (!d || d.due === undefined || d.due >= now) return;
    episodes.push({
      customerId,
      deadline: d.due,
      windowStart: d.windowStart,
      window: d.window,
      team: d.team,
      end: now,
    });
    d.due = undefined;
  }
}

export type Watch = ReturnType<typeof createWatch>;
