import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

describe('Baton restarted on its data file', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let t: TestBaton | undefined;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    await tmp.cleanup();
  });

  it('sends what fell due while it was down on start, once, and keeps every confirmed change', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    const first = recordingPlatform('slack');
    t = await startTestBaton({
      adapters: async () => [first.adapter],
      store: { file },
      now: '2026-11-25T10:00:00Z',
    });
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales'));
    const r = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    await t.advance(0);
    expect(first.toTeam('delivery')).toHaveLength(1);
    await t.stop();

    // Down from 10:00 to 17:00 London: the 50% and 100% nudges (12:00, 14:00) and the
    // escalation (16:00) all fell due meanwhile.
    const second = recordingPlatform('slack');
    t = await startTestBaton({
      adapters: async () => [second.adapter],
      store: { file },
      now: '2026-11-25T17:00:00Z',
    });
    await t.advance(0);
    expect(second.toPerson('tom')).toHaveLength(1);
    expect(second.toPerson('priya')).toHaveLength(1);
    // The card is not posted again; it is updated to show the escalation.
    expect(second.toTeam('delivery')).toHaveLength(0);
    expect(second.sent.some((s) => s.item.delivery.message.type === 'card-update')).toBe(true);
    const handoff = await t.store.getHandoff(r.value.handoff.id);
    expect(handoff).toMatchObject({
      state: 'open',
      escalations: [{ step: '150%', to: { kind: 'person', person: 'priya' } }],
    });
    await t.stop();

    const third = recordingPlatform('slack');
    t = await startTestBaton({
      adapters: async () => [third.adapter],
      store: { file },
      now: '2026-11-26T09:00:00Z',
    });
    await t.advance(0);
    expect(third.sent).toHaveLength(0);
  });
});
