import { z } from 'zod';
import { numberOf } from '../../src/domain/segment-match.js';
import type { CustomerAttributes, HandoffContext } from '../../src/domain/types.js';

/**
 * Customer attributes playbook segments (`when:`) match on, as the systems
 * report them. HubSpot and a Salesforce Flow name them `tier` and `region`;
 * custom fields keep their CRM names.
 */
export const TIER_PROPERTY = 'tier';
export const REGION_PROPERTY = 'region';

const attributeText = z.string().trim().min(1).max(200);
const fieldValue = z.union([attributeText, z.number().finite(), z.boolean()]).transform(String);

/** The attributes a generic event or a Salesforce body may carry, next to the customer's name. */
export const attributesShape = {
  tier: attributeText.optional(),
  region: attributeText.optional(),
  fields: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'a field name like industry or Industry__c'),
      fieldValue,
    )
    .refine((f) => Object.keys(f).length <= 50, { message: 'at most 50 fields' })
    .optional(),
};

/** The attributes to record, undefined when the report has none (nothing recorded is overwritten). */
export function attributesOf(a: {
  tier?: string | null | undefined;
  region?: string | null | undefined;
  fields?: Record<string, string> | undefined;
  context?: HandoffContext;
}): CustomerAttributes | undefined {
  const dealValue = numberOf(a.context?.dealValue);
  const fields = Object.fromEntries(Object.entries(a.fields ?? {}).filter(([, v]) => v.trim().length > 0));
  const out: CustomerAttributes = {
    ...(a.tier?.trim() ? { tier: a.tier.trim() } : {}),
    ...(a.region?.trim() ? { region: a.region.trim() } : {}),
    ...(dealValue !== undefined ? { dealValue } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A CRM object's custom fields by the names the playbooks match on, where the object has a value. */
export function propertiesNamed(
  properties: Readonly<Record<string, string | null>>,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const key = Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : properties[key];
    if (value?.trim()) out[name] = value.trim();
  }
  return out;
}
