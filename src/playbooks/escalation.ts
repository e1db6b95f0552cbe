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

const ladder = z.array(escalationStepSchema).min(1);

/** The value `escalate:` holds once checked: the old single percentage or a ladder of steps. */
export type Escalate = string | EscalationStep[];

/**
 * `escalate:` is either the one percentage of old (`"150%"`: the lead, once)
 * or a ladder of steps. Both stay valid: a playbook written before ladders
 * plans exactly what it planned before. Checked by its shape rather than as
 * a union, so a step's own problem is named at its field (`escalate.1.to`)
 * instead of a union's "matches neither".
 */
export const escalateSchema = z.custom<Escalate>().superRefine((value, ctx) => {
  if (typeof value !== 'string' && !Array.isArray(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'write a percentage like "150%", or steps like [{ at: "150%", to: lead }]',
    });
    return;
  }
  const checked = (Array.isArray(value) ? ladder : percent).safeParse(value);
  if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ ...issue });
});

/** The word for "the leads the lifecycle table names": not a key the config may use for a step. */
export const LEAD = 'lead';

/** The ladder a playbook's `escalate:` describes: the old string form is one step to the lead. */
export function escalationSteps(escalate: Escalate | undefined): EscalationStep[] {
  if (escalate === undefined) return [];
  if (typeof escalate === 'string') return [{ at: escalate, to: LEAD }];
  return escalate;
}
