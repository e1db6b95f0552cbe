import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { prepareCustomerLookups, resolveCustomer } from '../../src/services/customers.js';
import { aCustomer } from '../adapters/store/builders.js';

describe('the name search after a burst of new customers', () => {
  it('finds every customer added since the last look-up, first and last alike', async () => {
    const store = createMemoryStore();
    await store.commit({ customers: [{ value: aCustomer({ name: 'Initech' }), expectedVersion: null }] });
    await prepareCustomerLookups(store);
    expect(await resolveCustomer(store, 'Initech')).toMatchObject({ ok: true });
    // A CRM burst: 1,500 new customers before anyone looks one up.
    const burst = Array.from({ length: 1_500 }, (_, i) =>
      aCustomer({ name: `Burst Customer ${i}`, aliases: [] }),
    );
    for (let i = 0; i < burst.length; i += 100)
      await store.commit({
        customers: burst.slice(i, i + 100).map((value) => ({ value, expectedVersion: null })),
      });
    const last = await resolveCustomer(store, 'Burst Customer 1499');
    expect(last).toMatchObject({ ok: true, value: { id: burst[1_499]?.id } });
    expect(await resolveCustomer(store, 'burst customer 0')).toMatchObject({
      ok: true,
      value: { id: burst[0]?.id },
    });
    expect(await resolveCustomer(store, 'Burst Customer 750')).toMatchObject({
      ok: true,
      value: { id: burst[750]?.id },
    });
  });
});
