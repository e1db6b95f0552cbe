import { ownValue } from '../config/own.js';
import type { BatonConfig } from '../config/schema.js';
import type { FileProblem } from '../config/zod-issues.js';
import { stepTargets } from '../domain/ladder.js';
import { escalationSteps, LEAD } from './escalation.js';
import type { Playbook } from './schema.js';

/**
 * The escalation ladder against the config: each step's `to` names exactly
 * one of `lead`, a team, a person or a role (a name that is two of them
 * would send to whichever Baton guessed), steps rise in `at` (a later rung
 * that falls due first is a mistake, and two at one moment would share an
 * id), and a `lead` step has a receiving lead to reach. Each problem names
 * the file, the field as `escalate[1].to`, and what to write instead.
 */
export function escalateProblems(pb: Playbook, config: BatonConfig): FileProblem[] {
  const out: FileProblem[] = [];
  const ladder = typeof pb.escalate !== 'string';
  const steps = escalationSteps(pb.escalate);
  const at = (field: string, what: string, fix: string): FileProblem => ({
    text: `${pb.file}: ${field}: ${what}; ${fix}`,
    file: pb.file,
    field,
    fix,
  });
  const to = ownValue(config.teams, pb.to);
  steps.forEach((step, i) => {
    const field = ladder ? `escalate[${i}].to` : 'escalate';
    const targets = stepTargets(config, step.to);
    if (targets.length === 0) {
      out.push(at(field, `"${step.to}" names nobody in the config`, namesFix(config)));
    } else if (targets.length > 1) {
      const kinds = targets.map((t) => t.kind).join(' and ');
      out.push(
        at(field, `"${step.to}" is both a ${kinds} in the config`, 'rename one of them in the config'),
      );
    } else if (targets[0]?.kind === 'lead' && to && !to.lead) {
      out.push(
        at(
          field,
          `team "${pb.to}" has no lead to escalate to`,
          ladder
            ? `give team "${pb.to}" a lead in the config, or name a team, person or role here`
            : `give team "${pb.to}" a lead in the config, or remove escalate`,
        ),
      );
    }
    const before = steps[i - 1];
    if (before && Number.parseFloat(step.at) <= Number.parseFloat(before.at)) {
      out.push(
        at(
          `escalate[${i}].at`,
          `"${step.at}" does not come after the step before it ("${before.at}")`,
          'list the steps from the earliest to the latest, each later than the one before',
        ),
      );
    }
  });
  return out;
}

/** What `to` may be, with the config's own names to pick from. */
function namesFix(config: BatonConfig): string {
  const some = (o: Record<string, unknown>) => {
    const keys = Object.keys(o);
    return keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', ...' : '');
  };
  const roles = Object.keys(config.roles).length > 0 ? ` or a role (${some(config.roles)})` : ' or a role';
  return (
    `use ${LEAD}, a team (${some(config.teams)}), a person (${some(config.people)})${roles}; ` +
    'a role is added under roles in the config, e.g. roles: { head-of-cx: <person key> }'
  );
}
