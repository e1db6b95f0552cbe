import type { HandoffContext } from '../domain/types.js';
import type { Playbook } from '../playbooks/schema.js';

/** The playbook's required fields that the context leaves empty. */
export function missingFields(pb: Playbook, context: HandoffContext): string[] {
  return pb.context.required.filter((f) => isEmpty(context[f]));
}

function isEmpty(v: HandoffContext[string]): boolean {
  if (v === undefined) return true;
  if (typeof v === 'string') return v.trim().length === 0;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** Fields the playbook knows, in the order the form and the card show them. */
export function playbookFields(pb: Playbook): Array<{ name: string; required: boolean }> {
  return [
    ...pb.context.required.map((name) => ({ name, required: true })),
    ...pb.context.optional.map((name) => ({ name, required: false })),
  ];
}

/** Drops empty values so a partial update never blanks what is known. */
export function mergeContext(base: HandoffContext, update: HandoffContext): HandoffContext {
  const out: HandoffContext = { ...base };
  for (const [k, v] of Object.entries(update)) if (!isEmpty(v)) out[k] = v;
  return out;
}
