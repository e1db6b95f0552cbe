import { describe, expect, it } from 'vitest';
import { HotState } from '../../../adapters/store/memory/state.js';
import type { FollowUp } from '../../../src/domain/types.js';
import type { ChangeSet } from '../../../src/store/store.js';
import { aFollowUp } from './builders.js';

const turn = () => new Promise((r) => setImmediate(r));

/**
 * A snapshot's prune sweeps the follow-up indexes of entries left behind by sent and moved
 * follow-ups, in slices between turns of the event loop. Reads meanwhile (a person's
 * reminders, a handoff's, a customer's, a queue's follow-up lines) answer as a store that
 * was never swept, and so do they once it is done.
 */
describe('follow-up indexes swept in slices', () => {
  it('answer as an unswept store while the sweep runs, with changes between its slices, and after', async () => {
    const swept = new HotState();
    const reference = new HotState();
    const both = (change: ChangeSet) => {
      expect(swept.validate(change)).toEqual({ ok: true });
      swept.apply(change);
      reference.apply(change);
    };
    // Over 5,000 keys per index, so the sweep takes several slices.
    const all: FollowUp[] = Array.from({ length: 12_000 }, (_, i) =>
      aFollowUp(`cus_${i % 6_000}`, `hnd_${i}`, {
        id: `fu_${i}`,
        recipient: { kind: 'person', person: `p${i % 40}` },
        dueAt: new Date(Date.parse('2026-11-23T10:00:00.000Z') + i * 1000).toISOString(),
      }),
    );
    both({ followUps: all });
    both({ followUpsSent: all.filter((_, i) => i % 2 === 0).map((f) => f.id) });
    const moved = (f: FollowUp, to: string): FollowUp => ({
      ...f,
      recipient: { kind: 'person', person: to },
    });
    both({ followUps: all.filter((_, i) => i % 10 === 1).map((f, k) => moved(f, `p${k % 40}`)) });

    const same = () => {
      for (const person of ['p0', 'p1', 'p7', 'p39']) {
        expect(swept.listFollowUps({ person })).toEqual(reference.listFollowUps({ person }));
        expect(swept.queues.page({ person, limit: 50 }).followUps).toEqual(
          reference.queues.page({ person, limit: 50 }).followUps,
        );
      }
      for (const i of [1, 3, 4, 11, 5_001, 11_999]) {
        expect(swept.listFollowUps({ handoffId: `hnd_${i}` })).toEqual(
          reference.listFollowUps({ handoffId: `hnd_${i}` }),
        );
        expect(swept.listFollowUps({ customerId: `cus_${i % 6_000}` })).toEqual(
          reference.listFollowUps({ customerId: `cus_${i % 6_000}` }),
        );
      }
    };
    same();
    swept.prune(new Date('2026-11-01T00:00:00.000Z'));
    for (let k = 0; k < 12; k++) {
      same();
      // Between slices: a sent follow-up back under its old keys, one sent, one moved back and forth.
      const back = all[2 * k] as FollowUp;
      both({ followUps: [back] });
      both({ followUpsSent: [(all[2 * k + 3] as FollowUp).id] });
      both({ followUps: [moved(all[10 * k + 1] as FollowUp, 'p7')] });
      await turn();
    }
    same();
    expect(swept.listFollowUps({ person: 'p7' }).length).toBeGreaterThan(0);
  });
});
