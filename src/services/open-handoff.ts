import { assignPool, chooseAssignee, rotationKey } from '../domain/assign.js';
import { isAway, personToday, standInFor } from '../domain/away.js';
import {
  handoffLanguage,
  languageGap,
  needsSpeaker,
  routeByLanguage,
  teamToday,
} from '../domain/language-routing.js';
import type { AuditEntry, Customer, Delivery, FollowUp, Handoff } from '../domain/types.js';
import { termsOf } from '../playbooks/schema.js';
import type { ChangeSet } from '../store/store.js';
import { handoffAudit } from './audit.js';
import { type DeliveryContext, directMessage } from './deliveries.js';
import type { ServiceDeps } from './deps.js';
import { holdPick, pendingPicks } from './pending-picks.js';
import { planAcceptWindow, planContactWindow } from './sla.js';

/** What the customer's language decided when the handoff was opened. */
export interface LanguageOutcome {
  language: string;
  recorded: boolean;
  /** The playbook's fallback taken because the team had no reachable speaker. */
  fallback?: { kind: 'team' | 'person'; key: string };
  /** Speakers told first that a customer in their language waits to be claimed. */
  tell: string[];
  /** Nobody reachable serves the language: the lead (else the admins) is told at once. */
  gap?: { language: string; team: string };
}

export interface Opened {
  handoff: Handoff;
  followUps: FollowUp[];
  kv: ChangeSet['kv'];
  /** Call once the change is committed or given up. */
  release: () => void;
  /** A person the card goes to directly instead of the team's channels. */
  cardTo?: string;
  language: LanguageOutcome;
  /** The person it was addressed to, away: `handoff.assignee` is who stands in (or nobody). */
  standingInFor?: string;
}

/**
 * open: the assignee is chosen, SLA windows start, and the customer's next
 * contact is owed by the first-contact deadline. With `hold`, the pick counts
 * for other handoffs opened meanwhile until `release` (call it once the
 * change is committed or given up).
 *
 * The customer's language steers it: the receiving team's reachable speakers
 * are picked among (or, in a claim playbook, told first); with none, the
 * playbook's fallback for the language takes the customer; with none either,
 * the team's everyone-present pick stands and the gap is reported. Routing
 * starts again from the playbook's team on every open (a resend after a
 * decline too), so a speaker added since is found.
 */
export async function openHandoff(
  deps: ServiceDeps,
  handoff: Handoff,
  toPerson: string | undefined,
  now: Date,
  opts: { hold?: boolean; customer?: Customer } = {},
): Promise<Opened> {
  const { dir, store } = deps;
  const pb = dir.playbook(handoff.playbook);
  const at = now.toISOString();
  const customer = opts.customer ?? (await store.getCustomer(handoff.customerId));
  const lang = handoffLanguage(dir, handoff.context, customer);
  let assignee = toPerson;
  let cardTo = toPerson;
  let team = handoff.to;
  let kv: ChangeSet['kv'] = [];
  const releases: Array<() => void> = [];
  const language: LanguageOutcome = { ...lang, tell: [] };
  if (!assignee && pb) {
    const route = routeByLanguage(dir, pb, pb.to, lang, now);
    team = route.team;
    if (route.fallback) language.fallback = route.fallback;
    if (route.person) {
      assignee = route.person;
      cardTo = route.person;
    }
  }
  if (!assignee && pb) {
    const today = teamToday(dir, team, now);
    const pool = assignPool(dir, team, lang.language, today);
    const key = rotationKey(team, pool);
    // Each mode reads only what it weighs: the cursor, or the members' counted load.
    const stored = pb.assign === 'round-robin' ? Number((await store.getKv('round-robin', key)) ?? -1) : -1;
    const load =
      pb.assign === 'least-loaded'
        ? await store.liveLoad(team, dir.members(team))
        : new Map<string, number>();
    // No await from here to the hold: picks made side by side see each other.
    const cursor = pendingPicks(store, key)?.cursor ?? stored;
    for (const [p, n] of pendingPicks(store, team)?.load ?? []) load.set(p, (load.get(p) ?? 0) + n);
    const pick = chooseAssignee({
      mode: pb.assign,
      team,
      dir,
      today,
      load: (p) => load.get(p) ?? 0,
      cursor,
      language: lang.language,
    });
    assignee = pick.assignee;
    if (pick.cursor !== undefined) kv = [{ ns: 'round-robin', key, value: pick.cursor }];
    if (opts.hold) {
      // The load is the team's, the cursor its pool's: a language's cursor is held under its own key.
      releases.push(holdPick(store, team, assignee, key === team ? pick.cursor : undefined));
      if (key !== team && pick.cursor !== undefined)
        releases.push(holdPick(store, key, undefined, pick.cursor));
    }
    // Claim: the speakers of a language other than the company's hear of it first, when they
    // are fewer than the team (else the channel card already says it to all of them).
    const everyone = assignPool(dir, team, undefined, today).people;
    if (!assignee && pool.language && needsSpeaker(dir, lang) && pool.people.length < everyone.length)
      language.tell = pool.people;
  }
  // Whoever it is addressed to (a named person, the lead of an `assign: lead` playbook, the lead
  // a pick fell back to) may be away: their stand-in takes it, else nobody in particular (the
  // team's channel, as a claim). An away language fallback person was passed over by the routing.
  let standingInFor: string | undefined;
  if (assignee && isAway(dir, assignee, personToday(dir, assignee, now))) {
    const standIn = standInFor(dir, assignee, now);
    standingInFor = assignee;
    assignee = standIn;
    if (cardTo) cardTo = standIn;
  }
  // A handoff sent again after a decline keeps its first openedAt: the customer has
  // been waiting for their first contact since then, not since the resend.
  let opened: Handoff = { ...handoff, to: team, state: 'open', openedAt: handoff.openedAt ?? at };
  if (assignee) opened = { ...opened, assignee };
  else delete opened.assignee;
  const followUps: FollowUp[] = [];
  // The terms are kept from the first open: a resend after a decline, or a playbook edited
  // since, does not move what the customer was promised.
  const terms = handoff.terms ?? (pb ? termsOf(pb) : undefined);
  if (terms) opened = { ...opened, terms };
  if (pb && terms) {
    const acceptWin = planAcceptWindow(dir, opened, terms, now, pb.postPurchase);
    if (acceptWin) {
      opened = { ...opened, acceptDueAt: acceptWin.deadline.toISOString() };
      followUps.push(...acceptWin.followUps);
    }
    // Planned now, not at acceptance: a handoff nobody accepts still owes the customer a contact.
    const contactWin = planContactWindow(
      dir,
      opened,
      terms,
      new Date(opened.openedAt ?? at),
      pb.postPurchase,
    );
    if (contactWin) {
      opened = { ...opened, contactDueAt: contactWin.deadline.toISOString() };
      followUps.push(...contactWin.followUps);
    }
  }
  const gap = languageGap(dir, opened, customer, now);
  if (gap) language.gap = gap;
  const release = () => {
    for (const r of releases) r();
  };
  return {
    handoff: opened,
    followUps,
    kv,
    release,
    ...(cardTo ? { cardTo } : {}),
    language,
    ...(standingInFor ? { standingInFor } : {}),
  };
}

/** `handoff.opened`'s word on the language: which fallback took the customer, if one did. */
export function fallbackDetail(o: LanguageOutcome): Record<string, unknown> {
  return o.fallback
    ? { languageFallback: { language: o.language, kind: o.fallback.kind, to: o.fallback.key } }
    : {};
}

/** `handoff.opened`'s word on time off: who it was addressed to, away, when someone stood in. */
export function standInDetail(o: Pick<Opened, 'standingInFor'> | undefined): Record<string, unknown> {
  return o?.standingInFor ? { standingInFor: o.standingInFor } : {};
}

/**
 * What the language makes Baton say at once, in the opening's own commit:
 * a direct message to each speaker told first, and, when nobody reachable
 * serves the customer's language, one to the receiving team's lead (or,
 * without a lead, to every admin) with the buttons to reassign, and its
 * audit entry. Both are rendered from the handoff as it is when sent: a
 * customer claimed meanwhile, or a gap closed, is not announced.
 */
export function languageNotices(
  deps: Pick<ServiceDeps, 'dir' | 'ids'>,
  dctx: DeliveryContext,
  actor: string,
  h: Handoff,
  o: LanguageOutcome,
): { deliveries: Delivery[]; audit: AuditEntry[] } {
  const deliveries: Delivery[] = [];
  const key = `${h.id}:r${h.round}:language`;
  for (const person of o.tell)
    deliveries.push(
      ...directMessage(dctx, `${key}:speaker:${person}`, person, {
        type: 'language',
        handoffId: h.id,
        about: 'speaker',
      }),
    );
  if (!o.gap) return { deliveries, audit: [] };
  const lead = deps.dir.team(o.gap.team)?.lead;
  const told = lead && deps.dir.person(lead) ? [lead] : [...deps.dir.config.admins];
  for (const person of told)
    deliveries.push(
      ...directMessage(dctx, `${key}:gap:${person}`, person, {
        type: 'language',
        handoffId: h.id,
        about: 'gap',
      }),
    );
  const audit = handoffAudit(deps.ids, dctx.now, actor, 'handoff.languageGap', h, {
    language: o.gap.language,
    team: o.gap.team,
    told,
  });
  return { deliveries, audit: [audit] };
}
