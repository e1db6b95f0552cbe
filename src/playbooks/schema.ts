import { z } from 'zod';
import { parseDuration } from '../time/duration.js';
import { whenSchema } from './when-schema.js';

const duration = z.string().superRefine((text, ctx) => {
  try {
    parseDuration(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

const percent = z
  .string()
  .regex(/^\d{1,3}(\.\d+)?%$/, 'use a percentage of the SLA window, e.g. "50%" or "150%"')
  .refine((p) => Number.parseFloat(p) > 0, 'must be above 0%');

const fieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, 'a field name like summary or goLiveDate');

export const ASSIGN_MODES = ['round-robin', 'least-loaded', 'lead', 'claim'] as const;
export type AssignMode = (typeof ASSIGN_MODES)[number];

export const playbookSchema = z
  .object({
    name: z.string().optional(),
    from: z.string().min(1),
    to: z.string().min(1),
    /** Which customers of the pair this playbook is for (segments); without it, the pair's default. */
    when: whenSchema.optional(),
    postPurchase: z.boolean().default(false),
    trigger: z
      .object({
        crmStages: z.array(z.string().min(1)).default([]),
        events: z.array(z.string().min(1)).default([]),
        phrases: z.array(z.string().min(2)).default([]),
      })
      .strict()
      .default({ crmStages: [], events: [], phrases: [] }),
    context: z
      .object({
        required: z.array(fieldName).default([]),
        optional: z.array(fieldName).default([]),
      })
      .strict()
      .default({ required: [], optional: [] }),
    assign: z.enum(ASSIGN_MODES).default('claim'),
    sla: z
      .object({
        accept: duration.optional(),
        firstContact: duration.optional(),
        cadence: duration.optional(),
      })
      .strict()
      .default({}),
    nudges: z.array(percent).default(['50%', '100%']),
    escalate: percent.optional(),
    /**
     * Where a customer goes when the receiving team has nobody reachable who
     * serves their language: a team key or a person key, per language
     * (BCP 47, compared by primary subtag). Checked against the config at load.
     */
    languages: z
      .record(z.string(), z.string().min(1, 'a team key or a person key from the config'))
      .default({}),
    /**
     * Opt-in: ask the customer's key contact by mail, `delay` (calendar time)
     * after the first contact, whether someone has been in touch.
     */
    pulse: z
      .object({
        after: z.literal('firstContact', {
          message: 'only "firstContact" for now: the pulse is asked after the first contact',
        }),
        delay: duration,
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const dup = p.context.required.find((f) => p.context.optional.includes(f));
    if (dup)
      ctx.addIssue({
        code: 'custom',
        path: ['context', 'optional'],
        message: `"${dup}" is already required`,
      });
  });

export type PlaybookFile = z.infer<typeof playbookSchema>;

export interface Playbook extends PlaybookFile {
  /** The file name without `.yaml`: how handoffs refer to their playbook. */
  id: string;
  file: string;
}
