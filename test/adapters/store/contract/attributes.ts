import { expect, it } from 'vitest';
import type { Customer } from '../../../../src/domain/types.js';
import { aCustomer } from '../builders.js';
import { commitOk, type GetStore, mine } from './helpers.js';

/** Segments match on customer attributes: every store keeps them as they were committed, and their updates. */
export function attributesContract(store: GetStore): void {
  it('keeps a customer’s tier, region, deal value and custom fields, through every read and an update', async () => {
    const customer = aCustomer({
      attributes: {
        tier: 'enterprise',
        region: 'emea',
        dealValue: 480000.5,
        fields: { industry: 'fintech', Employees__c: '1200', hs_lead_status: '투자' },
      },
    });
    const plain = aCustomer();
    await commitOk(store(), {
      customers: [
        { value: customer, expectedVersion: null },
        { value: plain, expectedVersion: null },
      ],
    });
    const s = store();
    expect((await s.getCustomer(customer.id))?.attributes).toEqual(customer.attributes);
    expect(await s.getCustomer(plain.id)).not.toHaveProperty('attributes');
    expect((await s.getCustomers([customer.id]))[0]).toEqual(customer);
    expect(mine(await s.listCustomers({ team: customer.team }), [customer.id])).toEqual([customer]);
    expect(await s.findCustomerByExternalId('crm', customer.externalIds.crm ?? '')).toEqual(customer);

    // The CRM moved the customer to another tier and dropped a field: the record says so.
    const next: Customer = {
      ...customer,
      attributes: { tier: 'standard', dealValue: 9000, fields: { industry: 'retail' } },
      version: customer.version + 1,
    };
    await commitOk(s, { customers: [{ value: next, expectedVersion: customer.version }] });
    expect((await s.getCustomer(customer.id))?.attributes).toEqual({
      tier: 'standard',
      dealValue: 9000,
      fields: { industry: 'retail' },
    });
  });
}
