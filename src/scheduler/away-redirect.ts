import type { Directory } from '../config/directory.js';
import { isAway, personToday, standInFor } from '../domain/away.js';
import type { FollowUp, ReminderItem } from '../domain/types.js';
import { type DeliveryContext, teamPlatforms } from '../services/deliveries.js';

/** A due follow-up as it goes out: to whom it is sent now, and for whom when that is a stand-in. */
export type Routed = FollowUp & Pick<ReminderItem, 'awayFor'>;

type Redirect = { recipient: FollowUp['recipient']; awayFor: { person: string; until: string } } | undefined;

/**
 * Time off is decided when a reminder is sent, not when it was planned: a
 * nudge or escalation (whatever its step) whose person is away on the day it
 * falls due goes to who stands in for them (their backup, else their lead,
 * followed on while those are away too), and says for whom. With nobody to
 * stand in it goes to the person's team channel; with no channel reachable
 * either, to the person after all, so it is never dropped. A team recipient
 * is left as it is. Made once per tick: who stands in for a person is worked
 * out once per person (a day in a zone is not free to compute).
 */
export function timeOffRouter(dctx: DeliveryContext, now: Date): (f: FollowUp) => Routed {
  const known = new Map<string, Redirect>();
  return (f) => {
    if (f.recipient.kind !== 'person') return f;
    const person = f.recipient.person;
    let redirect = known.get(person);
    if (!known.has(person)) {
      redirect = redirectFor(dctx, person, now);
      known.set(person, redirect);
    }
    return redirect ? { ...f, recipient: redirect.recipient, awayFor: redirect.awayFor } : f;
  };
}

function redirectFor(dctx: DeliveryContext, person: string, now: Date): Redirect {
  const dir: Directory = dctx.dir;
  if (!isAway(dir, person, personToday(dir, person, now))) return undefined;
  const until = dir.person(person)?.away?.until;
  if (until === undefined) return undefined;
  const awayFor = { person, until };
  const standIn = standInFor(dir, person, now);
  if (standIn && standIn !== person) return { recipient: { kind: 'person', person: standIn }, awayFor };
  const team = dir.person(person)?.team;
  if (team && teamPlatforms(dctx, team).length > 0) return { recipient: { kind: 'team', team }, awayFor };
  return undefined;
}
