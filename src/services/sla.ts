import type { Directory } from '../config/directory.js';
import { planWindow } from '../domain/followups.js';
import type { Customer, FollowUp, Handoff, Recipient } from '../domain/types.js';
import type { Playbook } from '../playbooks/schema.js';
import { addBusinessTime } from '../time/business-time.js';
import { parseDuration } from '../time/duration.js';

export interface PlannedWindow {
  deadline: Date;
  followUps: FollowUp[];
}

/**
 * One SLA window of a handoff in the receiving team's business time: time to
 * accept, or time to first contact. Both run from when the card went out:
 * the customer has been waiting since then, whoever accepts later.
 */
function planHandoffWindow(
  dir: Directory,
  handoff: Handoff,
  pb: Playbook,
  start: Date,
  window: 'accept' | 'firstContact',
): PlannedWindow | undefined {
  const sla = window === 'accept' ? pb.sla.accept : pb.sla.firstContact;
  if (!sla) return undefined;
  const calendar = dir.calendar(handoff.to);
  const deadline = addBusinessTime(calendar, start, parseDuration(sla));
  // Who is nudged: the owner, else the person asked to accept, else (claim mode) the team channel.
  const person = handoff.owner ?? handoff.assignee;
  const nudgeTo: Recipient = person ? { kind: 'person', person } : { kind: 'team', team: handoff.to };
  const followUps = planWindow({
    subject: handoff.id,
    round: handoff.round,
    window,
    customerId: handoff.customerId,
    handoffId: handoff.id,
    start,
    deadline,
    nudges: pb.nudges,
    escalate: pb.escalate,
    nudgeTo,
    lead: dir.team(handoff.to)?.lead,
    calendar,
  });
  return { deadline, followUps };
}

export const planAcceptWindow = (dir: Directory, handoff: Handoff, pb: Playbook, start: Date) =>
  planHandoffWindow(dir, handoff, pb, start, 'accept');

export const planContactWindow = (dir: Directory, handoff: Handoff, pb: Playbook, start: Date) =>
  planHandoffWindow(dir, handoff, pb, start, 'firstContact');

/**
 * The cadence of a post-purchase customer with no handoff in flight: the next
 * contact is owed one cadence after the last one (or after they arrived).
 */
export function planCadence(dir: Directory, customer: Customer, start: Date): PlannedWindow | undefined {
  if (!customer.postPurchase || customer.erasedAt) return undefined;
  const pb = dir.cadenceFor(customer.team);
  if (!pb?.sla.cadence) return undefined;
  const calendar = dir.calendar(customer.team);
  const deadline = addBusinessTime(calendar, start, parseDuration(pb.sla.cadence));
  const followUps = planWindow({
    subject: customer.id,
    round: start.getTime(),
    window: 'cadence',
    customerId: customer.id,
    start,
    deadline,
    nudges: pb.nudges,
    escalate: pb.escalate,
    nudgeTo: customer.owner
      ? { kind: 'person', person: customer.owner }
      : { kind: 'team', team: customer.team },
    lead: dir.team(customer.team)?.lead,
    calendar,
  });
  return { deadline, followUps };
}
