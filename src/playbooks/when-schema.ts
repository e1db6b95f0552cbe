import { z } from 'zod';

/**
 * A playbook's `when:` (see src/domain/segment-match.ts for what it
 * matches). One value or a list (any of); numbers are read as their text, so
 * a CRM field `employees: 500` compares like the CRM's "500".
 */
const oneValue = z.union([z.string().trim().min(1, 'give a value'), z.number().finite()]).transform(String);
const anyOf = z
  .union([oneValue, z.array(oneValue).min(1, 'give at least one value')])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const language = z
  .string()
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'a language code like "ko" or "pt-BR"');
const languages = z
  .union([language, z.array(language).min(1, 'give at least one language')])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const source = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]*$/,
    'a webhook source\'s name in lower case (as in its /hooks/<name> route), or "person" or "phrase"',
  );
const sources = z
  .union([source, z.array(source).min(1, 'give at least one source')])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const range = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, {
    message: 'give min, max or both, e.g. { min: 50000 }',
  })
  .refine((r) => r.min === undefined || r.max === undefined || r.min < r.max, {
    message: 'min must be below max (the range is min <= value < max)',
  });

const fieldKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a CRM field name like industry or Industry__c');

export const whenSchema = z
  .object({
    tier: anyOf.optional(),
    region: anyOf.optional(),
    language: languages.optional(),
    source: sources.optional(),
    dealValue: range.optional(),
    fields: z
      .record(fieldKey, anyOf)
      .refine((f) => Object.keys(f).length > 0, { message: 'name at least one field, or remove fields' })
      .optional(),
  })
  .strict()
  .refine((w) => Object.values(w).some((v) => v !== undefined), {
    message: 'an empty when: matches every customer; remove it to make this playbook the default',
  });
