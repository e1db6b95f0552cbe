import { z } from 'zod';

/** A share of an SLA window, as nudges and escalations name it. */
export const percent = z
  .string()
  .regex(/^\d{1,3}(\.\d+)?%$/, 'use a percentage of the SLA window, e.g. "50%" or "150%"')
  .refine((p) => Number.parseFloat(p) > 0, 'must be above 0%');

/**
 * One rung of an escalation ladder: at `at` of the SLA window, tell `to`.
 * `to` is `lead` (the leads the lifecycle table names for the window and
 * state), a team key (its channel), a person key or a role key of the
 * config; which one it names is checked against the config at load.
 */
export const escalationStepSchema = z
  .object({
    at: percent,
    to: z.string().min(1, 'lead, a team key, a person key or a role key from the config'),
  })
  .strict();

export type EscalationStep = z.infer<typeof escalationStepSchema>;

/**
 * `escalate:` is either the one percentage of old (`"150%"`: the lead, once)
 * or a ladder of steps. Both stay valid: a playbook written before ladders
 * plans exactly what it planned before.
 */
export const escalateSchema = z.union([percent, z.array(escalationStepSchema).min(1)], {
  message: 'write a percentage like "150%", or steps like [{ at: "150%", to: lead }]',
});

export type Escalate = z.infer<typeof escalateSchema>;

/** The word for "the leads the lifecycle table names": not a key the config may use for a step. */
export const LEAD = 'lead';

/** The ladder a playbook's `escalate:` describes: the old string form is one step to the lead. */
export function escalationSteps(escalate: Escalate | undefined): EscalationStep[] {
  if (escalate === undefined) return [];
  if (typeof escalate === 'string') return [{ at: escalate, to: LEAD }];
  return escalate;
}
