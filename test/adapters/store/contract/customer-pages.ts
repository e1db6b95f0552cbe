import { expect, it } from 'vitest';
import type { Customer } from '../../../../src/domain/types.js';
import type { CustomerFilter } from '../../../../src/store/store.js';
import { aCustomer, uid } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

const NOW = '2031-06-02T12:00:00.000Z';
const HOUR = 3_600_000;
const due = (hoursAgo: number) => new Date(Date.parse(NOW) - hoursAgo * HOUR).toISOString();

/**
 * The dashboard's gaps page: late customers of some teams, the longest
 * overdue first, a page at a time, with their count. Ties are ordered the
 * same way in every store (name, then id, in code-unit order), so a page
 * never shows another store's neighbours.
 */
export function customerPagesContract(store: GetStore): void {
  async function seed(): Promise<{ a: string; b: string; c: string; ids: Record<string, string> }> {
    const [a, b, c] = [uid('teamA'), uid('teamB'), uid('teamC')];
    const base = uid('cus');
    const ids: Record<string, string> = {};
    const customers: Customer[] = [];
    const add = (key: string, over: Partial<Customer>) => {
      ids[key] = `${base}_${key}`;
      const customer = aCustomer({ ...over, id: ids[key] });
      // No contact owed at all: the field is absent, as the services leave it.
      if (!('contactDueAt' in over)) delete customer.contactDueAt;
      customers.push(customer);
    };
    // Three tied at 3 h overdue: "Zeta" < "beta" < "Ärger" in code units (a
    // locale would put "Ärger" first and "beta" before "Zeta"); two "beta"s by id.
    add('t2', { team: a, name: 'beta', contactDueAt: due(3) });
    add('t1', { team: a, name: 'beta', contactDueAt: due(3) });
    add('t3', { team: b, name: 'Ärger', contactDueAt: due(3) });
    add('t0', { team: b, name: 'Zeta', contactDueAt: due(3) });
    add('worst', { team: a, name: 'Omega', contactDueAt: due(50) });
    add('mild', { team: b, name: 'Alpha', contactDueAt: due(1) });
    add('otherTeam', { team: c, name: 'Alpha', contactDueAt: due(70) });
    add('notYet', { team: a, name: 'Alpha', contactDueAt: due(-2) });
    add('prePurchase', { team: a, name: 'Alpha', postPurchase: false, contactDueAt: due(10) });
    add('noDue', { team: a, name: 'Alpha' });
    await commitOk(store(), { customers: customers.map((value) => ({ value, expectedVersion: null })) });
    return { a, b, c, ids };
  }

  const late = (teams: string[]): CustomerFilter => ({ teams, postPurchase: true, contactDueBefore: NOW });

  it('orders late customers the longest overdue first, ties by name then id in code-unit order', async () => {
    const { a, b, ids } = await seed();
    const list = await store().listCustomers({ ...late([a, b]), order: 'contactDue' });
    expect(list.map((x) => x.id)).toEqual([ids.worst, ids.t0, ids.t1, ids.t2, ids.t3, ids.mild]);
    expect(await store().countCustomers(late([a, b]))).toBe(6);
  });

  it('answers a page of them by offset and limit, and counts all pages', async () => {
    const { a, b, ids } = await seed();
    const page = (offset: number, limit: number) =>
      store().listCustomers({ ...late([a, b]), order: 'contactDue', offset, limit });
    expect((await page(0, 2)).map((x) => x.id)).toEqual([ids.worst, ids.t0]);
    expect((await page(2, 2)).map((x) => x.id)).toEqual([ids.t1, ids.t2]);
    expect((await page(4, 2)).map((x) => x.id)).toEqual([ids.t3, ids.mild]);
    expect(await page(6, 2)).toEqual([]);
    // The count ignores the page it is given.
    expect(await store().countCustomers({ ...late([a, b]), offset: 4, limit: 1 })).toBe(6);
  });

  it('keeps to the teams asked for: one, several or none', async () => {
    const { a, b, c, ids } = await seed();
    const ordered = async (teams: string[]) =>
      (await store().listCustomers({ ...late(teams), order: 'contactDue' })).map((x) => x.id);
    expect(await ordered([b])).toEqual([ids.t0, ids.t3, ids.mild]);
    expect(await ordered([c])).toEqual([ids.otherTeam]);
    expect(await ordered([])).toEqual([]);
    expect(await store().countCustomers(late([b]))).toBe(3);
    expect(await store().countCustomers(late([]))).toBe(0);
    expect(await store().countCustomers(late([a, b, c]))).toBe(7);
    // Without the time bound: a customer with no contact owed sorts after every one with a date.
    const all = await store().listCustomers({ teams: [a], postPurchase: true, order: 'contactDue' });
    expect(all.map((x) => x.id)).toEqual([ids.worst, ids.t1, ids.t2, ids.notYet, ids.noDue]);
  });
}
