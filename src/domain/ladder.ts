import type { Directory } from '../config/directory.js';
import { ownValue } from '../config/own.js';
import type { BatonConfig } from '../config/schema.js';
import { type Escalate, escalationSteps, LEAD } from '../playbooks/escalation.js';
import type { Recipient } from './types.js';

/** What a ladder step's `to` names in the config. A name that matches twice is refused at load. */
export type StepTarget =
  | { kind: 'lead' }
  | { kind: 'team'; team: string }
  | { kind: 'person'; person: string }
  | { kind: 'role'; role: string; person: string };

/** Every meaning `to` has in this config: exactly one is valid, none or several is a load problem. */
export function stepTargets(config: BatonConfig, to: string): StepTarget[] {
  const out: StepTarget[] = [];
  if (to === LEAD) out.push({ kind: 'lead' });
  if (ownValue(config.teams, to)) out.push({ kind: 'team', team: to });
  if (ownValue(config.people, to)) out.push({ kind: 'person', person: to });
  const holder = ownValue(config.roles, to);
  if (holder !== undefined) out.push({ kind: 'role', role: to, person: holder });
  return out;
}

/**
 * One planned rung: the step (`150%`) and who it goes to. A `lead` step may
 * reach several leads; each but the first of the old single escalation
 * carries a `tag`, so its id is its own.
 */
export interface LadderRung {
  step: string;
  to: ReadonlyArray<{ recipient: Recipient; tag?: string }>;
}

/**
 * The playbook's ladder with each step's recipient settled now, at planning
 * time: `lead` is the leads the lifecycle table names for the window and
 * state (`leads`), a team its channel, a person or role a person key. A role
 * resolves to its holder's key, so the send-time redirect for someone away
 * applies to them as to anyone. A step whose `to` no longer names anything
 * (the config changed since load) reaches nobody; the load check names it.
 */
export function planLadder(
  dir: Directory,
  escalate: Escalate | undefined,
  leads: ReadonlyArray<{ person: string; tag?: string }>,
): LadderRung[] {
  return escalationSteps(escalate).map((step) => {
    const target = stepTargets(dir.config, step.to)[0];
    return { step: step.at, to: target ? recipientsOf(target, leads) : [] };
  });
}

function recipientsOf(
  target: StepTarget,
  leads: ReadonlyArray<{ person: string; tag?: string }>,
): LadderRung['to'] {
  switch (target.kind) {
    case 'lead':
      return leads.map((l) => ({
        recipient: { kind: 'person', person: l.person },
        ...(l.tag ? { tag: l.tag } : {}),
      }));
    case 'team':
      return [{ recipient: { kind: 'team', team: target.team } }];
    case 'person':
    case 'role':
      return [{ recipient: { kind: 'person', person: target.person } }];
  }
}
