import type { Customer, Store } from '../../src/store/store.js';
import type { ExportRow } from './stream.js';

export const CUSTOMER_COLUMNS = [
  'customer_id',
  'name',
  'aliases',
  'domain',
  'external_ids',
  'contacts',
  'language',
  'team',
  'stage',
  'owner',
  'post_purchase',
  'purchased_at',
  'last_contact_at',
  'contact_due_at',
  'tier',
  'region',
  'deal_value',
  'fields',
  'created_at',
  'updated_at',
  'erased_at',
] as const;

/** Customers are read this many at a time, in the order they were first stored. */
const EXPORT_PAGE = 1000;

/**
 * Every customer `keep` accepts, a page at a time (offset and limit in the
 * store's first-stored order, so customers added meanwhile come last and
 * none is skipped or read twice).
 */
export async function* customerPages(
  store: Store,
  keep: (c: Customer) => boolean = () => true,
): AsyncGenerator<ExportRow[]> {
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await store.listCustomers({ offset, limit: EXPORT_PAGE });
    yield page.filter(keep).map(customerRow);
    if (page.length < EXPORT_PAGE) return;
  }
}

/**
 * One customer as a row. An erased customer keeps only Baton's own facts
 * (team, owner, dates): every cell that held personal data is empty, even if
 * a store were to keep a trace of it.
 */
export function customerRow(c: Customer): ExportRow {
  const erased = c.erasedAt !== undefined;
  const personal = <T>(v: T): T | null => (erased ? null : v);
  return {
    customer_id: c.id,
    name: personal(c.name),
    aliases: personal(c.aliases.length > 0 ? c.aliases.join('; ') : null),
    domain: personal(c.domain ?? null),
    external_ids: personal(Object.keys(c.externalIds).length > 0 ? JSON.stringify(c.externalIds) : null),
    contacts: personal(c.contacts.length > 0 ? JSON.stringify(c.contacts) : null),
    language: c.language ?? null,
    team: c.team,
    stage: c.stage,
    owner: c.owner ?? null,
    post_purchase: c.postPurchase ? 'yes' : 'no',
    purchased_at: c.purchasedAt ?? null,
    last_contact_at: c.lastContactAt ?? null,
    contact_due_at: c.contactDueAt ?? null,
    // What segments matched on (the latest the CRM, an import or a handoff reported).
    tier: c.attributes?.tier ?? null,
    region: c.attributes?.region ?? null,
    deal_value: c.attributes?.dealValue ?? null,
    // Custom CRM fields may name people: personal, like the contacts.
    fields: personal(fieldsOf(c)),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    erased_at: c.erasedAt ?? null,
  };
}

const fieldsOf = (c: Customer): string | null => {
  const fields = c.attributes?.fields;
  return fields && Object.keys(fields).length > 0 ? JSON.stringify(fields) : null;
};
