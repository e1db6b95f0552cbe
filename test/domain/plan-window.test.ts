import { describe, expect, it } from 'vitest';
import { planWindow } from '../../src/domain/followups.js';

const plan = (handoffId?: string) =>
  planWindow({
    subject: handoffId ?? 'cus_1',
    round: 2,
    window: handoffId ? 'firstContact' : 'cadence',
    customerId: 'cus_1',
    ...(handoffId ? { handoffId } : {}),
    start: new Date('2026-12-01T00:00:00Z'),
    deadline: new Date('2026-12-03T00:00:00Z'),
    nudges: ['50%'],
    nudgeTo: { kind: 'person', person: 'ann' },
    ladder: [
      {
        step: '150%',
        to: [
          { recipient: { kind: 'person', person: 'lee' } },
          { recipient: { kind: 'person', person: 'kim' }, tag: 'sending-lead' },
        ],
      },
    ],
    calendar: { timeZone: 'UTC', holidays: [] },
  });

describe('a window planned', () => {
  it('writes each item with its fields in the order stored records have them', () => {
    expect(plan('hof_1').map((f) => JSON.stringify(f))).toEqual([
      '{"customerId":"cus_1","handoffId":"hof_1","window":"firstContact","windowStart":"2026-12-01T00:00:00.000Z","deadline":"2026-12-03T00:00:00.000Z","status":"pending","id":"hof_1:r2:firstContact:50%","kind":"nudge","step":"50%","recipient":{"kind":"person","person":"ann"},"dueAt":"2026-12-02T00:00:00.000Z"}',
      '{"customerId":"cus_1","handoffId":"hof_1","window":"firstContact","windowStart":"2026-12-01T00:00:00.000Z","deadline":"2026-12-03T00:00:00.000Z","status":"pending","id":"hof_1:r2:firstContact:esc-150%","kind":"escalation","step":"150%","recipient":{"kind":"person","person":"lee"},"dueAt":"2026-12-04T00:00:00.000Z"}',
      '{"customerId":"cus_1","handoffId":"hof_1","window":"firstContact","windowStart":"2026-12-01T00:00:00.000Z","deadline":"2026-12-03T00:00:00.000Z","status":"pending","id":"hof_1:r2:firstContact:esc-150%:sending-lead","kind":"escalation","step":"150%","recipient":{"kind":"person","person":"kim"},"dueAt":"2026-12-04T00:00:00.000Z"}',
    ]);
    expect(JSON.stringify(plan()[0])).toBe(
      '{"customerId":"cus_1","window":"cadence","windowStart":"2026-12-01T00:00:00.000Z","deadline":"2026-12-03T00:00:00.000Z","status":"pending","id":"cus_1:r2:cadence:50%","kind":"nudge","step":"50%","recipient":{"kind":"person","person":"ann"},"dueAt":"2026-12-02T00:00:00.000Z"}',
    );
  });
});
