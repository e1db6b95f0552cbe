import { primaryLanguage } from '../domain/languages.js';
import { subjectOf } from '../domain/segment-match.js';
import type { Customer, HandoffContext } from '../domain/types.js';
import type { Playbook } from '../playbooks/schema.js';
import { alreadyWithTeam } from './already-with.js';
import { customerAudit } from './audit.js';
import { playbookFields } from './context-fields.js';
import { resolveCustomer } from './customers.js';
import { fail, ok, type Result, type ServiceDeps } from './deps.js';
import { noPlaybookFor } from './segment-pick.js';

export interface HandoffForm {
  customer: Customer;
  from: string;
  toTeam: string;
  toPerson?: string;
  playbook: Playbook;
  /** The playbook's context fields, prefilled with what Baton knows. */
  fields: Array<{ name: string; required: boolean; value?: string }>;
  note?: string;
}

/**
 * What the handoff form (a modal or a card, as the platform has it) shows: checks the customer,
 * the target and the playbook first, so a person learns what is possible
 * before typing anything.
 */
export async function prepareHandoffForm(
  deps: ServiceDeps,
  input: { actor: string; customer: string; to: { team: string } | { person: string }; note?: string },
): Promise<Result<HandoffForm>> {
  const { dir } = deps;
  if (!dir.person(input.actor)) return fail('UNKNOWN_USER', { user: input.actor });
  let toTeam: string | undefined;
  let toPerson: string | undefined;
  if ('team' in input.to) {
    toTeam = dir.findTeam(input.to.team);
    if (!toTeam) return fail('TEAM_NOT_FOUND', { team: input.to.team, teams: teamList(deps) });
  } else {
    const key = dir.person(input.to.person) ? input.to.person : dir.personByAnyPlatformId(input.to.person);
    const p = key ? dir.person(key) : undefined;
    if (!key || !p) return fail('PERSON_NOT_FOUND', { person: input.to.person });
    toTeam = p.team;
    toPerson = key;
  }
  const found = await resolveCustomer(deps.store, input.customer);
  if (!found.ok) return found;
  const customer = found.value;
  const from = customer.team;
  // The form's fields come from the customer's segment as recorded; a deal value typed on it may pick another at send.
  const playbook = dir.playbookFor(from, toTeam, subjectOf(customer, undefined, { kind: 'person' }));
  if (!playbook) {
    return from === toTeam
      ? alreadyWithTeam(deps, customer, from)
      : noPlaybookFor(dir, customer, from, toTeam);
  }
  const known = await knownContext(deps, customer);
  const fields = playbookFields(playbook).map((f) => {
    const v = known[f.name];
    const value = Array.isArray(v) ? v.join('\n') : v === undefined ? undefined : String(v);
    return { ...f, ...(value ? { value } : {}) };
  });
  return ok({
    customer,
    from,
    toTeam,
    ...(toPerson ? { toPerson } : {}),
    playbook,
    fields,
    ...(input.note ? { note: input.note } : {}),
  });
}

/** The customer's language and key contact, and the context of their last handoff. */
async function knownContext(deps: ServiceDeps, c: Customer): Promise<HandoffContext> {
  const out: HandoffContext = {};
  const history = await deps.store.history(c.id, { limit: 50 });
  for (const e of history) if (e.kind === 'handoff') Object.assign(out, e.entry.context);
  for (const h of await deps.store.listHandoffs({ customerId: c.id })) Object.assign(out, h.context);
  if (c.language) out.language = c.language;
  const key = c.contacts[0];
  if (key && !out.keyContact)
    out.keyContact = [key.name, key.email].filter(Boolean).join(' <') + (key.email ? '>' : '');
  return out;
}

/**
 * The language a person chose for the customer on the handoff form becomes
 * the customer's: the form shows the customer's language and a change there
 * is a correction of the record, not a note on one handoff. Called once the
 * handoff went through (the person was allowed to send this customer on).
 * The form offers primary subtags: a recorded `ko-KR` chosen again as `ko`
 * is no change.
 */
export async function recordCustomerLanguage(
  deps: ServiceDeps,
  input: { actor: string; customerId: string; language: string },
): Promise<Result<Customer>> {
  if (!deps.dir.person(input.actor)) return fail('UNKNOWN_USER', { user: input.actor });
  const language = primaryLanguage(input.language);
  if (!language) return fail('INVALID_INPUT', { problem: input.language });
  for (let attempt = 0; attempt < 5; attempt++) {
    const c = await deps.store.getCustomer(input.customerId);
    if (!c || c.erasedAt) return fail('CUSTOMER_NOT_FOUND', { customer: input.customerId, suggestions: '' });
    if (primaryLanguage(c.language) === language) return ok(c);
    const at = deps.clock.now().toISOString();
    const next: Customer = { ...c, language, updatedAt: at, version: c.version + 1 };
    const result = await deps.store.commit({
      customers: [{ value: next, expectedVersion: c.version }],
      audit: [
        customerAudit(deps.ids, at, input.actor, 'customer.updated', c.id, {
          language: { from: c.language ?? null, to: language },
        }),
      ],
    });
    if (result.ok) return ok(next);
    if (result.reason !== 'conflict') return fail('BUSY');
  }
  return fail('BUSY');
}

function teamList(deps: ServiceDeps): string {
  return Object.entries(deps.dir.config.teams)
    .map(([k, t]) => `${t.name} (${k})`)
    .join(', ');
}
