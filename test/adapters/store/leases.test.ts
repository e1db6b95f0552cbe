import { describe, expect, it } from 'vitest';
import { leasedFollowUp } from '../../../adapters/store/memory/leases.js';
import type { FollowUp } from '../../../src/domain/types.js';

describe('a leased follow-up', () => {
  it('keeps every field of the follow-up it was made from', () => {
    // Typed Required<…>: a field added to FollowUp fails to compile here until it is listed,
    // and then fails this test until leasedFollowUp copies it.
    const full: Required<FollowUp> = {
      id: 'hof_1:r1:accept:50%',
      customerId: 'cus_1',
      handoffId: 'hof_1',
      window: 'accept',
      kind: 'nudge',
      step: '50%',
      recipient: { kind: 'person', person: 'dana' },
      windowStart: '2026-11-23T09:00:00.000Z',
      deadline: '2026-11-23T13:00:00.000Z',
      dueAt: '2026-11-23T11:00:00.000Z',
      status: 'cancelled',
      sentAt: '2026-11-23T11:00:01.000Z',
      cancelledAt: '2026-11-23T11:00:02.000Z',
      cancelReason: 'accepted',
      leaseUntil: '2026-11-23T11:00:00.000Z',
      leaseOwner: 'old',
    };
    expect(leasedFollowUp(full, '2026-11-23T11:01:00.000Z', 'replica-a')).toEqual({
      ...full,
      leaseUntil: '2026-11-23T11:01:00.000Z',
      leaseOwner: 'replica-a',
    });
    const { handoffId: _h, sentAt: _s, cancelledAt: _c, cancelReason: _r, ...cadence } = full;
    const leased = leasedFollowUp({ ...cadence, status: 'pending' }, 'later', 'b');
    expect(Object.keys(leased).sort()).toEqual(
      Object.keys({ ...cadence, leaseUntil: '', leaseOwner: '' }).sort(),
    );
  });
});
