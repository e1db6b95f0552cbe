import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cards/replies.js';
import { startTestBaton, type TestBaton } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

describe('what a refused person is told', () => {
  let t: TestBaton;
  beforeEach(async () => {
    t = await startTestBaton({ adapters: async () => [recordingPlatform('slack').adapter] });
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales'));
  });
  afterEach(async () => t.stop());

  it('names who may do it, in the reader language', async () => {
    const s = t.baton.services;
    const r = await s.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error('no handoff');
    await s.accept({ handoffId: r.value.handoff.id, actor: 'tom' });
    const refused = await s.reassign({ handoffId: r.value.handoff.id, actor: 'sam', to: 'priya' });
    if (refused.ok) throw new Error('reassign by the sender must be refused');
    const dir = t.baton.dir;
    expect(describeFailure(dir, 'en', refused.failure)).toBe(
      'Only the owner (Tom Becker), the lead of Delivery (Priya Shah), or an admin can do that. Ask one of them.',
    );
    expect(describeFailure(dir, 'ko', refused.failure)).toContain('담당자(Tom Becker)');
  });

  it('offers close names for a customer it cannot find, and valid teams for a wrong team', async () => {
    const dir = t.baton.dir;
    const notFound = await t.baton.services.resolveCustomer('Acme Crop');
    if (notFound.ok) throw new Error('expected a miss');
    expect(describeFailure(dir, 'en', notFound.failure)).toBe(
      'I could not find a customer called "Acme Crop". Did you mean Acme Corp?',
    );
    const noTeam = await t.baton.services.prepareHandoffForm({
      actor: 'sam',
      customer: 'Acme',
      to: { team: 'finance' },
    });
    if (noTeam.ok) throw new Error('expected a miss');
    expect(describeFailure(dir, 'en', noTeam.failure)).toContain(
      'Hand over to one of these: Marketing, Sales, Delivery, or Customer Care.',
    );
  });
});
