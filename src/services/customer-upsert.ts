import type { Contact, Customer, CustomerAttributes } from '../domain/types.js';
import type { ServiceDeps } from './deps.js';

export interface CustomerData {
  /** Ids in systems of record, by the source's name, e.g. `{ crm: "123" }`. */
  externalIds?: Record<string, string>;
  name?: string;
  aliases?: string[];
  domain?: string;
  language?: string;
  contacts?: Contact[];
  team?: string;
  owner?: string;
  lastContactAt?: string;
  /** Tier, region, deal value and custom fields, as the system reports them now. */
  attributes?: CustomerAttributes;
}

/**
 * The customer an outside record speaks of: matched by external id, then by
 * domain or contact email; otherwise a new customer. Returns the record to
 * write (not yet written) and the version it was read at.
 */
export async function matchCustomer(
  deps: ServiceDeps,
  data: CustomerData,
): Promise<{ customer: Customer; expectedVersion: number | null; created: boolean }> {
  const now = deps.clock.now().toISOString();
  let found: Customer | undefined;
  for (const [system, id] of Object.entries(data.externalIds ?? {})) {
    found = await deps.store.findCustomerByExternalId(system, id);
    if (found) break;
  }
  if (!found && data.domain) found = await deps.store.findCustomerByEmailOrDomain(data.domain);
  if (!found) {
    for (const c of data.contacts ?? []) {
      if (!c.email) continue;
      found = await deps.store.findCustomerByEmailOrDomain(c.email);
      if (found) break;
    }
  }
  if (found) {
    return { customer: mergeCustomer(found, data, now), expectedVersion: found.version, created: false };
  }
  const firstTeam = deps.dir.journey[0] ?? Object.keys(deps.dir.config.teams)[0] ?? 'sales';
  const team = data.team ?? firstTeam;
  const customer: Customer = {
    id: deps.ids('cus'),
    name: data.name?.trim() || Object.values(data.externalIds ?? {})[0] || 'Unnamed customer',
    aliases: data.aliases ?? [],
    externalIds: data.externalIds ?? {},
    ...(data.domain ? { domain: data.domain.toLowerCase() } : {}),
    ...(data.language ? { language: data.language } : {}),
    contacts: data.contacts ?? [],
    stage: deps.dir.team(team)?.stage ?? team,
    team,
    ...(data.owner ? { owner: data.owner } : {}),
    postPurchase: false,
    ...(data.lastContactAt ? { lastContactAt: data.lastContactAt } : {}),
    ...(hasAttributes(data.attributes) ? { attributes: data.attributes } : {}),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return { customer, expectedVersion: null, created: true };
}

function mergeCustomer(c: Customer, data: CustomerData, now: string): Customer {
  const contacts = [...c.contacts];
  for (const contact of data.contacts ?? []) {
    const same = contacts.findIndex(
      (k) =>
        (contact.email && k.email?.toLowerCase() === contact.email.toLowerCase()) || k.name === contact.name,
    );
    if (same >= 0) contacts[same] = { ...contacts[same], ...contact };
    else contacts.push(contact);
  }
  return {
    ...c,
    name: data.name?.trim() || c.name,
    aliases: [...new Set([...c.aliases, ...(data.aliases ?? [])])],
    externalIds: { ...c.externalIds, ...(data.externalIds ?? {}) },
    ...(data.domain ? { domain: data.domain.toLowerCase() } : {}),
    ...(data.language ? { language: data.language } : {}),
    contacts,
    ...(data.owner ? { owner: data.owner } : {}),
    ...(data.lastContactAt && (!c.lastContactAt || data.lastContactAt > c.lastContactAt)
      ? { lastContactAt: data.lastContactAt }
      : {}),
    ...(hasAttributes(data.attributes) ? { attributes: mergeAttributes(c.attributes, data.attributes) } : {}),
    updatedAt: now,
    version: c.version + 1,
  };
}

const hasAttributes = (a: CustomerAttributes | undefined): a is CustomerAttributes =>
  a !== undefined &&
  (a.tier !== undefined ||
    a.region !== undefined ||
    a.dealValue !== undefined ||
    Object.keys(a.fields ?? {}).length > 0);

/** The latest report of each attribute wins; custom fields are merged by name. */
export function mergeAttributes(
  was: CustomerAttributes | undefined,
  now: CustomerAttributes,
): CustomerAttributes {
  const fields = { ...(was?.fields ?? {}), ...(now.fields ?? {}) };
  return {
    ...was,
    ...now,
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}
