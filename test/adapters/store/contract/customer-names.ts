import { expect, it } from 'vitest';
import { prepareCustomerLookups, resolveCustomer } from '../../../../src/services/customers.js';
import { aCustomer, bump, uid } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/** The name search follows the store: customers added or renamed after it was built are found as they are now. */
export function customerNamesContract(store: GetStore): void {
  it('finds a customer added after the name index was built, and a renamed one by its new name only', async () => {
    const tag = uid('n').slice(-8);
    const first = aCustomer({ name: `Blueprint Works ${tag}`, aliases: [] });
    await commitOk(store(), { customers: [{ value: first, expectedVersion: null }] });
    await prepareCustomerLookups(store());
    expect((await resolveCustomer(store(), `Blueprint Works ${tag}`)).ok).toBe(true);

    const later = aCustomer({ name: `Copperleaf Studio ${tag}`, aliases: [`Copperleaf ${tag}`] });
    await commitOk(store(), { customers: [{ value: later, expectedVersion: null }] });
    const found = await resolveCustomer(store(), `Copperleaf ${tag}`);
    expect(found.ok && found.value.id).toBe(later.id);

    const renamed = { ...bump(first), name: `Driftwood Labs ${tag}` };
    await commitOk(store(), { customers: [{ value: renamed, expectedVersion: first.version }] });
    const byNew = await resolveCustomer(store(), `Driftwood Labs ${tag}`);
    expect(byNew.ok && byNew.value.id).toBe(first.id);
    const byOld = await resolveCustomer(store(), `Blueprint Works ${tag}`);
    expect(byOld.ok).toBe(false);
  });

  it('says which names changed since a version it gave, and gives them all for one it cannot know', async () => {
    const since = store().customerNamesSince?.bind(store());
    if (!since) return; // optional: such a store is asked for every name each time
    const start = await since(undefined);
    expect('all' in start).toBe(true);
    const c = aCustomer({ name: `Elmstead Goods ${uid('n').slice(-8)}` });
    await commitOk(store(), { customers: [{ value: c, expectedVersion: null }] });
    const next = await since(start.version);
    expect(next).toEqual({
      version: next.version,
      changed: [{ id: c.id, name: c.name, aliases: c.aliases }],
    });
    // Nothing new since: nothing changed.
    expect(await since(next.version)).toEqual({ version: next.version, changed: [] });
    expect('all' in (await since(next.version + 1_000))).toBe(true);
  });
}
