import type { Directory } from '../config/directory.js';
import { cancelAll, followUpId, planWindow } from '../domain/followups.js';
import { planLadder } from '../domain/ladder.js';
import { escalationLeads, LIVE_WINDOWS, liveWindow, nudgeRecipient } from '../domain/lifecycle.js';
import { subjectOf } from '../domain/segment-match.js';
import type { Customer, FollowUp, Handoff } from '../domain/types.js';
import { type PlaybookTerms, termsOf } from '../playbooks/schema.js';
import { addBusinessTime } from '../time/business-time.js';
import { parseDuration } from '../time/duration.js';

export interface PlannedWindow {
  deadline: Date;
  followUps: FollowUp[];
}

/**
 * One SLA window of a handoff in the receiving team's business time: time to
 * accept, or time to first contact. Both run from when the card went out:
 * the customer has been waiting since then, whoever accepts later. Who is
 * nudged and who is escalated to is what `LIVE_WINDOWS` says for the
 * handoff's state; a window the state does not keep live plans nothing.
 */
function planHandoffWindow(
  dir: Directory,
  handoff: Handoff,
  terms: PlaybookTerms,
  start: Date,
  window: 'accept' | 'firstContact',
  postPurchase: boolean,
): PlannedWindow | undefined {
  const sla = window === 'accept' ? terms.sla.accept : terms.sla.firstContact;
  const live = liveWindow(handoff.state, window);
  if (!sla || !live) return undefined;
  const calendar = dir.calendar(handoff.to);
  const deadline = addBusinessTime(calendar, start, parseDuration(sla));
  const followUps = planWindow({
    subject: handoff.id,
    round: handoff.round,
    window,
    customerId: handoff.customerId,
    handoffId: handoff.id,
    start,
    deadline,
    nudges: terms.nudges,
    nudgeTo: nudgeRecipient(dir, handoff, live.nudge),
    // The receiving lead's escalation keeps the id it had since the card went out.
    ladder: planLadder(
      dir,
      terms.escalate,
      escalationLeads(dir, handoff, live, postPurchase).map((l) =>
        l.role === 'receiving-lead' ? { person: l.person } : { person: l.person, tag: l.role },
      ),
    ),
    calendar,
  });
  return { deadline, followUps };
}

/**
 * The terms a handoff is held to: those it kept when it opened, else (a
 * handoff from before the snapshot) its playbook's as they are now. Undefined
 * only for an old handoff whose playbook is gone.
 */
export function handoffTerms(dir: Directory, h: Handoff): PlaybookTerms | undefined {
  if (h.terms) return h.terms;
  const pb = dir.playbook(h.playbook);
  return pb ? termsOf(pb) : undefined;
}

export const planAcceptWindow = (
  dir: Directory,
  handoff: Handoff,
  terms: PlaybookTerms,
  start: Date,
  postPurchase: boolean,
) => planHandoffWindow(dir, handoff, terms, start, 'accept', postPurchase);

export const planContactWindow = (
  dir: Directory,
  handoff: Handoff,
  terms: PlaybookTerms,
  start: Date,
  postPurchase: boolean,
) => planHandoffWindow(dir, handoff, terms, start, 'firstContact', postPurchase);

/**
 * The follow-ups every window live in the handoff's (new) state would have,
 * with the recipients that state gives them. The first-contact window runs
 * from when the card first went out; the accept window from the last send,
 * which only matters for items planned anew (their ids do not hold times).
 */
export function liveFollowUps(
  dir: Directory,
  h: Handoff,
  opts: { postPurchase: boolean; now: Date },
): FollowUp[] {
  const terms = handoffTerms(dir, h);
  if (!terms) return [];
  // Who is escalated to is the organisation's today; what was promised is the handoff's own.
  const postPurchase = opts.postPurchase || dir.playbook(h.playbook)?.postPurchase === true;
  const openedAt = new Date(h.openedAt ?? h.createdAt);
  return LIVE_WINDOWS[h.state].flatMap((w) =>
    w.window === 'pulse'
      ? planPulse(h, terms)
      : (planHandoffWindow(
          dir,
          h,
          terms,
          w.window === 'firstContact' ? openedAt : opts.now,
          w.window,
          postPurchase,
        )?.followUps ?? []),
  );
}

/**
 * The pulse question to the customer, `pulse.delay` in calendar time after
 * the first contact (the customer lives in calendar time, not the team's
 * hours). One item, addressed to the receiving team only for the record: the
 * tick mails the customer's key contact, it reminds nobody.
 */
export function planPulse(h: Handoff, terms: PlaybookTerms): FollowUp[] {
  if (!terms.pulse || !h.contactedAt || !liveWindow(h.state, 'pulse')) return [];
  const start = new Date(h.contactedAt);
  const d = parseDuration(terms.pulse.delay);
  const due = new Date(start.getTime() + d.days * 86_400_000 + d.ms).toISOString();
  return [
    {
      id: followUpId(h.id, h.round, 'pulse', 'mail'),
      customerId: h.customerId,
      handoffId: h.id,
      window: 'pulse',
      kind: 'nudge',
      step: 'mail',
      recipient: { kind: 'team', team: h.to },
      windowStart: start.toISOString(),
      deadline: due,
      dueAt: due,
      status: 'pending',
    },
  ];
}

/**
 * Moves a handoff's pending follow-ups to what its new state keeps live:
 * those still live keep their due time (a snooze holds) and go to the
 * recipient the table now names; the others are cancelled with `reason`.
 * A planned item with no pending counterpart is added only when `isNew`
 * says it belongs to the new state alone (say, the escalation to the
 * sending lead after a decline); otherwise it was sent already, and sending
 * it again would repeat a reminder.
 */
export function moveFollowUps(
  pending: readonly FollowUp[],
  planned: readonly FollowUp[],
  at: string,
  reason: string,
  isNew: (f: FollowUp) => boolean = () => false,
): FollowUp[] {
  const wanted = new Map(planned.map((f) => [f.id, f]));
  const out: FollowUp[] = [];
  const stopped: FollowUp[] = [];
  for (const f of pending) {
    if (f.status !== 'pending') continue;
    const plan = wanted.get(f.id);
    if (!plan) {
      stopped.push(f);
      continue;
    }
    wanted.delete(f.id);
    if (sameRecipient(f, plan)) continue;
    const { leaseUntil: _u, leaseOwner: _o, ...rest } = f;
    out.push({ ...rest, recipient: plan.recipient });
  }
  for (const f of wanted.values()) if (isNew(f)) out.push(f);
  return [...cancelAll(stopped, at, reason), ...out];
}

function sameRecipient(a: FollowUp, b: FollowUp): boolean {
  const x = a.recipient;
  const y = b.recipient;
  return x.kind === 'person'
    ? y.kind === 'person' && x.person === y.person
    : y.kind === 'team' && x.team === y.team;
}

/**
 * The cadence of a post-purchase customer with no handoff in flight: the next
 * contact is owed one cadence after the last one (or after they arrived).
 */
export function planCadence(dir: Directory, customer: Customer, start: Date): PlannedWindow | undefined {
  if (!customer.postPurchase || customer.erasedAt) return undefined;
  const pb = dir.cadenceFor(customer.team, subjectOf(customer));
  if (!pb?.sla.cadence) return undefined;
  const calendar = dir.calendar(customer.team);
  const deadline = addBusinessTime(calendar, start, parseDuration(pb.sla.cadence));
  const lead = dir.team(customer.team)?.lead;
  const followUps = planWindow({
    subject: customer.id,
    round: start.getTime(),
    window: 'cadence',
    customerId: customer.id,
    start,
    deadline,
    nudges: pb.nudges,
    nudgeTo: customer.owner
      ? { kind: 'person', person: customer.owner }
      : { kind: 'team', team: customer.team },
    ladder: planLadder(dir, pb.escalate, lead ? [{ person: lead }] : []),
    calendar,
  });
  return { deadline, followUps };
}
