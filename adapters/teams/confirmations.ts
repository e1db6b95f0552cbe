import { confirmationText, contactConfirmation } from '../../src/cards/confirmations.js';
import type { HandoffAction } from '../../src/domain/lifecycle.js';
import type { ContactChannel, Handoff } from '../../src/domain/types.js';
import type { Caller, TeamsRuntime } from './runtime.js';

/** Where a handoff went, in words: the receiving team, or the person it was handed to directly. */
export function whereItWent(rt: TeamsRuntime, h: Handoff): string {
  const team = rt.dir.teamName(h.to);
  // The card went to the team's channel, on whichever platform it works; only a team without one gets it by name.
  const hasChannel = rt.dir.platforms.some((p) => rt.dir.teamChannel(h.to, p) !== undefined);
  return h.assignee && !hasChannel ? rt.dir.personName(h.assignee) : team;
}

/** What the person is told once the change is on disk: the core's words (shared with Slack). */
export function okText(
  rt: TeamsRuntime,
  caller: Caller,
  action: HandoffAction,
  h: Handoff,
  customer: string,
  detail?: string,
): string {
  return confirmationText({
    dir: rt.dir,
    now: rt.services.deps.clock.now(),
    reader: caller,
    action,
    handoff: h,
    customer,
    where: whereItWent(rt, h),
    ...(detail !== undefined ? { detail } : {}),
  });
}

export function contactText(caller: Caller, channel: ContactChannel, customer: string): string {
  return contactConfirmation(caller.locale, channel, customer);
}
