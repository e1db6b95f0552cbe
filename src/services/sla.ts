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

/** Who is nudged while nobody owns the handoff: the person asked, else the team channel. */
function acceptRecipient(handoff: Handoff): Recipient {
  return handoff.assignee ? { kind: 'person', person: handoff.assignee } : { kind: 'team', team: handoff.to };
}

/** Time to accept, counted in the receiving team's business time from when the card went out. */
export function planAcceptWindow(
  dir: Directory,
  handoff: Handoff,
  pb: Playbook,
  start: Date,
): PlannedWindow | undefined {
  if (!pb.sla.accept) return undefined;
  const calendar = dir.calendar(handoff.to);
  const deadline = addBusinessTime(calendar, start, parseDuration(pb.sla.accept));
  const followUps = planWindow({
    subject: handoff.id,
    round: handoff.round,
    window: 'accept',
    customerId: handoff.customerId,
    handoffId: handoff.id,
    start,
    deadline,
    nudges: pb.nudges,
    escalate: pb.escalate,
    nudgeTo: acceptRecipient(handoff),
    lead: dir.team(handoff.to)?.lead,
    calendar,
  });
  return { deadline, followUps };
}

/**
 * Time to first contact runs from when the card went out, not from the
 * acceptance: the customer has been waiting since the handoff.
 */
export function planContactWindow(
  dir: Directory,
  handoff: Handoff,
  pb: Playbook,
  start: Date,
): PlannedWindow | undefined {
  if (!pb.sla.firstContact) return undefined;
  const calendar = dir.calendar(handoff.to);
  const deadline = addBusinessTime(calendar, start, parseDuration(pb.sla.firstContact));
  const owner = handoff.owner ?? handoff.assignee;
  const followUps = planWindow({
    subject: handoff.id,
    round: handoff.round,
    window: 'firstContact',
    customerId: handoff.customerId,
    handoffId: handoff.id,
    start,
    deadline,
    nudges: pb.nudges,
    escalate: pb.escalate,
    nudgeTo: owner ? { kind: 'person', person: owner } : { kind: 'team', team: handoff.to },
    lead: dir.team(handoff.to)?.lead,
    calendar,
  });
  return { deadline, followUps };
}

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
