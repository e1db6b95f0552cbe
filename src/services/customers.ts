import type { Customer } from '../domain/types.js';
import type { CustomerName, Store } from '../store/store.js';
import { fail, ok, type Result } from './deps.js';
import { NameIndex, type Suggestion } from './name-index.js';

/**
 * Finds a customer from what a person typed: an exact id, external id, name
 * or alias first; otherwise the closest names as "did you mean" suggestions.
 */
export async function resolveCustomer(store: Store, text: string): Promise<Result<Customer>> {
  const r = await resolveAny(store, text);
  // Erased customers are kept only as a record that they were erased.
  if (r.ok && r.value.erasedAt) return fail('CUSTOMER_NOT_FOUND', { customer: text.trim(), suggestions: '' });
  return r;
}

async function resolveAny(store: Store, text: string): Promise<Result<Customer>> {
  const needle = text.trim();
  if (needle.length === 0) return fail('INVALID_INPUT', { field: 'customer' });
  const direct = (await store.getCustomer(needle)) ?? (await store.findCustomerByEmailOrDomain(needle));
  if (direct) return ok(direct);
  const index = await customerNameIndex(store);
  const exact = index.exact(needle);
  if (exact.length === 1 && exact[0]) {
    const c = await store.getCustomer(exact[0].id);
    if (c) return ok(c);
  }
  if (exact.length > 1) {
    return fail('CUSTOMER_AMBIGUOUS', { customer: needle, suggestions: exact.map((e) => e.name).join(', ') });
  }
  // "acme" for "Acme Corp": a name that only one customer starts with is meant. A
  // fuzzy match is never acted on: it is offered as "did you mean".
  if (needle.length >= 3) {
    const only = index.onlyStartingWith(needle);
    const c = only && (await store.getCustomer(only.id));
    if (c) return ok(c);
  }
  return fail('CUSTOMER_NOT_FOUND', {
    customer: needle,
    suggestions: index
      .suggest(needle)
      .map((s) => s.name)
      .join(', '),
  });
}

/** The closest customer names to what was typed, best first. */
export async function suggestCustomers(store: Store, needle: string, max = 3): Promise<Suggestion[]> {
  return (await customerNameIndex(store)).suggest(needle, max);
}

/** The customers called exactly this (name or alias, any case). */
export async function customersNamed(store: Store, text: string): Promise<readonly CustomerName[]> {
  return (await customerNameIndex(store)).exact(text.trim());
}

/**
 * Builds the name index in the background, in slices: over 50,000 names that takes about half a
 * second of the event loop, which Baton spends answering meanwhile (a request that needs the
 * index waits for it). If the build fails it rejects, for the caller to log, and the first
 * look-up builds the index again.
 */
export async function prepareCustomerLookups(store: Store): Promise<void> {
  if (indexes.has(store)) return;
  let build = building.get(store);
  if (!build) {
    const index = new NameIndex();
    build = (async () => {
      if (store.customerNamesSince) {
        const now = await store.customerNamesSince(undefined);
        await index.fill('all' in now ? now.all : now.changed);
        versions.set(index, now.version);
      } else await index.fill(await store.customerNames());
      indexes.set(store, index);
    })().finally(() => building.delete(store));
    building.set(store, build);
  }
  await build;
}

// One index per store, kept up to date with its names entry by entry.
const indexes = new WeakMap<Store, NameIndex>();
/** An index being filled in slices, not yet in `indexes`. */
const building = new WeakMap<Store, Promise<void>>();
/** The store's name version each index has taken in (Store.customerNamesSince). */
const versions = new WeakMap<NameIndex, number>();

/** A catch-up with many new names under way, in slices: other look-ups wait for it instead of doing it again. */
const catchingUp = new WeakMap<Store, Promise<void>>();

async function customerNameIndex(store: Store): Promise<NameIndex> {
  // A failed build was logged by whoever started it; this look-up builds the index itself.
  await building.get(store)?.catch(() => undefined);
  await catchingUp.get(store);
  let index = indexes.get(store);
  if (!index) {
    index = new NameIndex();
    indexes.set(store, index);
  }
  if (store.customerNamesSince) {
    const since = await store.customerNamesSince(versions.get(index));
    if ('all' in since) index.sync(since.all);
    else if (since.changed.length <= CATCH_UP_SLICE) index.apply(since.changed);
    else {
      // Look-ups that wait for it resume after this one, which marks the version first.
      const p = index.applyInSlices(since.changed, CATCH_UP_SLICE).finally(() => catchingUp.delete(store));
      catchingUp.set(store, p);
      await p;
    }
    versions.set(index, since.version);
  } else index.sync(await store.customerNames());
  return index;
}
/**
 * New names taken in per turn of the event loop when a look-up catches up with many. 500 held
 * the loop 33 ms in a CRM burst (the acknowledgements waiting behind it); 100 take about 7 ms.
 */
const CATCH_UP_SLICE = 100;
