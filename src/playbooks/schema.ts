import { z } from 'zod';
import { parseDuration } from '../time/duration.js';
import { escalateSchema, percent } from './escalation.js';
import { whenSchema } from './when-schema.js';

const duration = z.string().superRefine((text, ctx) => {
  try {
    parseDuration(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

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
    /** `"150%"` (the lead, once) or a ladder: `[{ at: "150%", to: lead }, { at: "300%", to: head-of-cx }]`. */
    escalate: escalateSchema.optional(),
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

/**
 * What a handoff keeps of its playbook when it opens (live config): the
 * deadlines and follow-ups it was promised, typed from the schema so a field
 * reshaped there (say `escalate`) is reshaped here too.
 */
export const TERM_FIELDS = ['sla', 'nudges', 'escalate', 'pulse'] as const;
export type PlaybookTerms = Pick<PlaybookFile, (typeof TERM_FIELDS)[number]>;

const termsCache = new WeakMap<PlaybookFile, PlaybookTerms>();

/**
 * The terms of a playbook as a handoff snapshots them: copied once per playbook (a new config
 * brings new playbook objects) and frozen, since every handoff opened from it and every plan
 * for one without terms of its own reads the same (a structured clone per call was 0.4 % of a
 * CRM burst's CPU).
 */
export function termsOf(pb: PlaybookFile): PlaybookTerms {
  const held = termsCache.get(pb);
  if (held) return held;
  const out: Partial<Record<(typeof TERM_FIELDS)[number], unknown>> = {};
  for (const f of TERM_FIELDS) if (pb[f] !== undefined) out[f] = deepFreeze(structuredClone(pb[f]));
  const terms = Object.freeze(out) as PlaybookTerms;
  termsCache.set(pb, terms);
  return terms;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export interface Playbook extends PlaybookFile {
  /** The file name without `.yaml`: how handoffs refer to their playbook. */
  id: string;
  file: string;
}
