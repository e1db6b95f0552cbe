import { expect, it } from 'vitest';
import type { TeamLanguageCount } from '../../../../src/store/store.js';
import { aCustomer, aHandoff, bump, uid } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

const sorted = (rows: TeamLanguageCount[]) =>
  rows
    .map((r) => `${r.team.split('_')[0]} ${r.language ?? '-'} ${r.customers}`)
    .sort()
    .join(', ');

/** Language coverage: the customers a team serves, per recorded language, counted by the store. */
export function customerLanguagesContract(store: GetStore): void {
  it('counts customers per team and recorded language: those with the team and those handed to it, once each', async () => {
    const care = uid('care');
    const delivery = uid('delivery');
    const elsewhere = uid('sales');
    const ko = aCustomer({ team: care, language: 'ko' });
    const koRegion = aCustomer({ team: care, language: 'ko-KR' });
    const unknown = aCustomer({ team: care, language: undefined });
    const moving = aCustomer({ team: care, language: 'ko' });
    const twice = aCustomer({ team: elsewhere, language: 'ja' });
    const erased = aCustomer({ team: care, language: 'en', erasedAt: '2026-11-20T00:00:00.000Z' });
    const done = aCustomer({ team: elsewhere, language: 'en' });
    const handoffs = [
      aHandoff(moving.id, { to: delivery, state: 'open' }),
      aHandoff(ko.id, { to: care, state: 'accepted' }),
      aHandoff(twice.id, { to: delivery, state: 'accepted' }),
      aHandoff(twice.id, { to: delivery, state: 'declined' }),
      aHandoff(erased.id, { to: delivery, state: 'open' }),
      aHandoff(done.id, { to: delivery, state: 'done', closedAt: '2026-11-23T12:00:00.000Z' }),
    ];
    await commitOk(store(), {
      customers: [ko, koRegion, unknown, moving, twice, erased, done].map((value) => ({
        value,
        expectedVersion: null,
      })),
      handoffs: handoffs.map((value) => ({ value, expectedVersion: null })),
    });
    const read = async (teams = [care, delivery]) => sorted(await store().customerLanguages(teams));
    expect(await read()).toBe('care - 1, care ko 2, care ko-KR 1, delivery ja 1, delivery ko 1');
    expect(await read([delivery])).toBe('delivery ja 1, delivery ko 1');
    expect(await store().customerLanguages([])).toEqual([]);

    // The handoff is done: the customer no longer counts for the team it went to.
    const [toDelivery] = handoffs;
    if (!toDelivery) throw new Error('no handoff');
    const finished = bump(toDelivery, { state: 'done', closedAt: bump(toDelivery).updatedAt });
    const relabelled = bump(unknown, { language: 'ja' });
    await commitOk(store(), {
      handoffs: [{ value: finished, expectedVersion: 1 }],
      customers: [{ value: relabelled, expectedVersion: 1 }],
    });
    expect(await read()).toBe('care ja 1, care ko 2, care ko-KR 1, delivery ja 1');
  });
}
