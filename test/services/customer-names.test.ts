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

  it('takes in a large burst of names with the event loop free between slices, and look-ups meanwhile wait for it', async () => {
    const store = createMemoryStore();
    await prepareCustomerLookups(store);
    const addCustomers = async (n: number, tag: string) => {
      const list = Array.from({ length: n }, (_, i) => aCustomer({ name: `${tag} ${i}`, aliases: [] }));
      await store.commit({ customers: list.map((value) => ({ value, expectedVersion: null })) });
      return list;
    };
    /** Whether other work got a turn of the event loop while the look-up ran. */
    const othersRanDuring = async (lookUp: () => Promise<unknown>) => {
      let ran = false;
      setImmediate(() => {
        ran = true;
      });
      await lookUp();
      return ran;
    };
    const big = await addCustomers(3_000, 'Wave');
    let second: unknown;
    expect(
      await othersRanDuring(async () => {
        const first = resolveCustomer(store, 'Wave 2999');
        // A second look-up while the first takes the names in: it finds them too.
        second = await resolveCustomer(store, 'Wave 0');
        expect(await first).toMatchObject({ ok: true, value: { id: big[2_999]?.id } });
      }),
    ).toBe(true);
    expect(second).toMatchObject({ ok: true, value: { id: big[0]?.id } });
    // Control: a few new names are taken in at once, in the look-up's own turn.
    const few = await addCustomers(20, 'Ripple');
    expect(await othersRanDuring(() => resolveCustomer(store, 'Ripple 19'))).toBe(false);
    expect(await resolveCustomer(store, 'Ripple 19')).toMatchObject({ ok: true, value: { id: few[19]?.id } });
  });
});
