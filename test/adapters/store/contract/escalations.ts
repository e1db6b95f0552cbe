import { expect, it } from 'vitest';
import { escalationsOf, withEscalations } from '../../../../src/domain/escalations.js';
import { aCustomer, aFollowUp, aHandoff } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/**
 * A handoff's escalation steps survive the store, and one marked before
 * ladders (only `escalatedTo`/`escalatedAt`) still reads as the step it was,
 * then carries one list once it escalates again.
 */
export function escalationsContract(store: GetStore): void {
  it('keeps escalation steps, and reads one marked before ladders as its one step', async () => {
    const customer = aCustomer();
    const before = '2026-11-23T21:00:00.000Z';
    const old = aHandoff(customer.id, { escalatedTo: 'priya', escalatedAt: before });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      handoffs: [{ value: old, expectedVersion: null }],
    });
    const read = await store().getHandoff(old.id);
    if (!read) throw new Error('handoff not stored');
    expect(escalationsOf(read)).toEqual([{ to: { kind: 'person', person: 'priya' }, at: before }]);

    const now = '2026-11-24T03:00:00.000Z';
    const step = aFollowUp(customer.id, old.id, {
      kind: 'escalation',
      step: '300%',
      recipient: { kind: 'team', team: 'sales' },
    });
    const marked = withEscalations(read, [step], now);
    await commitOk(store(), { handoffs: [{ value: marked, expectedVersion: read.version }] });
    const again = await store().getHandoff(old.id);
    expect(again?.escalations).toEqual([
      { to: { kind: 'person', person: 'priya' }, at: before },
      { step: '300%', window: 'accept', to: { kind: 'team', team: 'sales' }, at: now },
    ]);
    expect(again?.escalatedTo).toBeUndefined();
    expect(again?.escalatedAt).toBeUndefined();
  });
}
