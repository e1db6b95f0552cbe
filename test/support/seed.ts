import type { Customer } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';

/** A customer as a CRM would have it; `team` is where they are in the journey. */
export function aCustomer(id: string, name: string, team: string, extra: Partial<Customer> = {}): Customer {
  const at = '2026-11-01T00:00:00.000Z';
  return {
    id,
    name,
    aliases: [],
    externalIds: { crm: `crm-${id}` },
    contacts: [{ name: 'Min-jun Kim', email: `mj@${id}.example`, role: 'sponsor' }],
    stage: team,
    team,
    postPurchase: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...extra,
  };
}

export async function seedCustomers(store: Store, ...customers: Customer[]): Promise<void> {
  const r = await store.commit({ customers: customers.map((value) => ({ value, expectedVersion: null })) });
  if (!r.ok) throw new Error(`seeding failed: ${JSON.stringify(r)}`);
}

/** The context the sales → delivery playbook requires. */
export const DELIVERY_CONTEXT = {
  summary: 'Signed for 3 years',
  goLiveDate: '2027-01-15',
  keyContact: 'Min-jun Kim',
};
