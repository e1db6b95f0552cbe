import { expect, it } from 'vitest';
import { aDelivery, anInbound } from '../builders.js';
import { commitOk, type GetStore } from './helpers.js';

/** Retention: what `prune` forgets, and what it must never forget. */
export function retentionContract(store: GetStore): void {
  it('prunes finished webhook events and sent delivery keys from before the cutoff, nothing else', async () => {
    const old = '2026-10-01T10:00:00.000Z';
    const recent = '2026-11-20T10:00:00.000Z';
    const processed = anInbound({ status: 'processed', receivedAt: old, payload: undefined });
    const failed = anInbound({ status: 'failed', receivedAt: old, payload: undefined });
    const waiting = anInbound({ status: 'pending', receivedAt: old });
    const fresh = anInbound({ status: 'processed', receivedAt: recent, payload: undefined });
    const sentOld = aDelivery({ status: 'sent', sentAt: old, nextAttemptAt: old, createdAt: old });
    const sentRecent = aDelivery({
      status: 'sent',
      sentAt: recent,
      nextAttemptAt: recent,
      createdAt: recent,
    });
    await commitOk(store(), {
      inbound: [processed, failed, waiting, fresh].map((value) => ({ value })),
      deliveries: [sentOld, sentRecent],
    });

    const pruned = await store().prune(new Date('2026-10-24T00:00:00Z'));
    expect(pruned?.inbound).toBeGreaterThanOrEqual(2);
    expect(await store().getInbound(processed.source, processed.id)).toBeUndefined();
    expect(await store().getInbound(failed.source, failed.id)).toBeUndefined();
    expect(await store().getInbound(waiting.source, waiting.id)).toMatchObject({ status: 'pending' });
    expect(await store().getInbound(fresh.source, fresh.id)).toEqual(fresh);

    // A pruned key may be enqueued again; a remembered one still may not.
    const again = aDelivery({ key: sentOld.key });
    const twice = aDelivery({ key: sentRecent.key });
    await commitOk(store(), { deliveries: [again, twice] });
    expect(await store().getDelivery(again.id)).toEqual(again);
    expect(await store().getDelivery(twice.id)).toBeUndefined();
  });
}
