import { personToday, standInFor } from '../domain/away.js';
import type { AuditEntry, Delivery } from '../domain/types.js';
import { type DeliveryContext, newDelivery } from './deliveries.js';
import type { ActionDeps } from './mutate.js';
import { AWAY_NS, liveOf, refreshTimeOff, type StoredAway } from './time-off-store.js';

/** Why a time-off command was refused; each reply says how to fix it. */
export type TimeOffRefusal =
  /** The caller is not in the config (the adapters answer that before asking). */
  | { reason: 'unknown-user'; user: string }
  | { reason: 'unknown-person'; query: string }
  | { reason: 'past-date'; person: string; until: string; today: string }
  | { reason: 'unknown-backup'; query: string }
  | { reason: 'same-backup'; person: string }
  /** Only the person, their team's lead (`lead`, when there is one) or an admin may. */
  | { reason: 'not-allowed'; person: string; team: string; lead?: string }
  | { reason: 'busy' };

export type TimeOffOutcome =
  | { state: 'away'; person: string; until: string; backup?: string; standIn?: string; self: boolean }
  | { state: 'back'; person: string; wasAway: boolean; self: boolean };

export type TimeOffResult = { ok: true; value: TimeOffOutcome } | { ok: false; refusal: TimeOffRefusal };

export interface AwayInput {
  actor: string;
  /** `@`-less key or platform id; absent: the actor themself. */
  person?: string;
  until: string;
  backup?: string;
}

const refuse = (refusal: TimeOffRefusal): TimeOffResult => ({ ok: false, refusal });

/** A person named in a command: their key, or their id on any platform. */
function personKey(deps: ActionDeps, name: string): string | undefined {
  const { dir } = deps;
  if (dir.person(name)) return name;
  const byId = dir.personByAnyPlatformId(name);
  if (byId) return byId;
  const lower = name.toLowerCase();
  return Object.keys(dir.config.people).find((k) => k.toLowerCase() === lower);
}

/** Who the command is about, and whether the actor may set it (themself, their team's lead, an admin). */
function subjectOf(
  deps: ActionDeps,
  actor: string,
  person: string | undefined,
): { ok: true; person: string } | { ok: false; refusal: TimeOffRefusal } {
  const { dir } = deps;
  if (!dir.person(actor)) return { ok: false, refusal: { reason: 'unknown-user', user: actor } };
  if (person === undefined) return { ok: true, person: actor };
  const key = personKey(deps, person);
  const p = key ? dir.person(key) : undefined;
  if (!key || !p) return { ok: false, refusal: { reason: 'unknown-person', query: person } };
  if (key === actor || dir.isAdmin(actor) || dir.isLeadOf(actor, p.team)) return { ok: true, person: key };
  const lead = dir.team(p.team)?.lead;
  return {
    ok: false,
    refusal: { reason: 'not-allowed', person: key, team: p.team, ...(lead ? { lead } : {}) },
  };
}

function auditOf(
  deps: ActionDeps,
  at: string,
  actor: string,
  action: 'person.away' | 'person.back',
  person: string,
  details: Record<string, unknown>,
): AuditEntry {
  return { id: deps.ids('aud'), at, actor, action, subject: { type: 'person', id: person }, details };
}

/**
 * The cards of what waits on `person` (owned, or asked to accept), shown
 * again: with the time off they name who stands in, without it they stop.
 * Keyed by the moment, since the handoff's version does not change.
 */
async function cardsOf(deps: ActionDeps, person: string, at: string): Promise<Delivery[]> {
  const dctx: DeliveryContext = { dir: deps.dir, ids: deps.ids, now: at, platforms: deps.platforms };
  const live = ['proposed', 'open', 'accepted'] as const;
  const owned = await deps.store.listHandoffs({ owner: person, states: [...live] });
  const asked = await deps.store.listHandoffs({ assignee: person, states: [...live] });
  const seen = new Set<string>();
  const out: Delivery[] = [];
  for (const h of [...owned, ...asked]) {
    if (seen.has(h.id) || (h.owner && h.owner !== person)) continue;
    seen.add(h.id);
    for (const ref of await deps.store.listCardRefs(h.id)) {
      if (!deps.platforms.includes(ref.platform)) continue;
      out.push(
        newDelivery(
          dctx,
          `${ref.id}:v${h.version}:away:${at}`,
          ref.platform,
          { kind: 'card', cardRefId: ref.id },
          { type: 'card-update', handoffId: h.id },
        ),
      );
    }
  }
  return out;
}

/**
 * `/cx away [@person] until <date> [backup @other]`: stored and audited in
 * one commit before it is confirmed, then applied to the live directory at
 * once (other replicas read it on their next tick).
 */
export async function setAway(deps: ActionDeps, input: AwayInput): Promise<TimeOffResult> {
  const subject = subjectOf(deps, input.actor, input.person);
  if (!subject.ok) return refuse(subject.refusal);
  const person = subject.person;
  const now = deps.clock.now();
  const today = personToday(deps.dir, person, now);
  if (input.until < today) return refuse({ reason: 'past-date', person, until: input.until, today });
  let backup: string | undefined;
  if (input.backup !== undefined) {
    backup = personKey(deps, input.backup);
    if (!backup) return refuse({ reason: 'unknown-backup', query: input.backup });
    if (backup === person) return refuse({ reason: 'same-backup', person });
  }
  const at = now.toISOString();
  const value: StoredAway = {
    state: 'away',
    until: input.until,
    by: input.actor,
    at,
    ...(backup ? { backup } : {}),
  };
  const r = await deps.store.commit({
    kv: [{ ns: AWAY_NS, key: person, value }],
    deliveries: await cardsOf(deps, person, at),
    audit: [
      auditOf(deps, at, input.actor, 'person.away', person, {
        until: input.until,
        ...(backup ? { backup } : {}),
      }),
    ],
  });
  if (!r.ok) return refuse({ reason: 'busy' });
  await refreshTimeOff(deps, now);
  const standIn = liveOf(deps.dir) ? standInFor(deps.dir, person, now) : (backup ?? undefined);
  return {
    ok: true,
    value: {
      state: 'away',
      person,
      until: input.until,
      self: person === input.actor,
      ...(backup ? { backup } : {}),
      ...(standIn && standIn !== person ? { standIn } : {}),
    },
  };
}

/**
 * `/cx back [@person]`: ends time off set by command, and the config's own
 * `away` too (until the config's date changes): a person back early is asked again at once.
 */
export async function endAway(
  deps: ActionDeps,
  input: { actor: string; person?: string },
): Promise<TimeOffResult> {
  const subject = subjectOf(deps, input.actor, input.person);
  if (!subject.ok) return refuse(subject.refusal);
  const person = subject.person;
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = personToday(deps.dir, person, now);
  const live = liveOf(deps.dir);
  const base = live ? live.base : deps.dir;
  const wasUntil = deps.dir.person(person)?.away?.until;
  const wasAway = wasUntil !== undefined && today <= wasUntil;
  const configUntil = base.person(person)?.away?.until;
  // Kept only to cut the config's entry short; otherwise the stored entry simply goes.
  const value: StoredAway | null =
    configUntil !== undefined && today <= configUntil
      ? { state: 'back', cut: configUntil, by: input.actor, at }
      : null;
  const r = await deps.store.commit({
    kv: [{ ns: AWAY_NS, key: person, value }],
    deliveries: await cardsOf(deps, person, at),
    audit: [
      auditOf(deps, at, input.actor, 'person.back', person, {
        wasAway,
        ...(wasUntil ? { until: wasUntil } : {}),
      }),
    ],
  });
  if (!r.ok) return refuse({ reason: 'busy' });
  await refreshTimeOff(deps, now);
  return { ok: true, value: { state: 'back', person, wasAway, self: person === input.actor } };
}
