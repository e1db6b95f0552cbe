import { describe, expect, it } from 'vitest';
import { planWindow, type WindowPlan } from '../../src/domain/followups.js';

const plan = (overrides: Partial<WindowPlan> = {}): WindowPlan => ({
  subject: 'hof_1',
  round: 2,
  window: 'accept',
  customerId: 'cus_1',
  handoffId: 'hof_1',
  start: new Date('2026-12-07T09:00:00.000Z'),
  deadline: new Date('2026-12-07T13:00:00.000Z'),
  nudges: ['50%', '100%'],
  nudgeTo: { kind: 'team', team: 'delivery' },
  ladder: [
    {
      step: '150%',
      to: [
        { recipient: { kind: 'person', person: 'lee' } },
        { recipient: { kind: 'person', person: 'sam' }, tag: 'sending-lead' },
      ],
    },
  ],
  calendar: { timeZone: 'UTC', holidays: [] },
  ...overrides,
});

describe('planWindow', () => {
  it('writes each due item with the keys in the order stored records have always had', () => {
    const items = planWindow(plan());
    expect(items.map((f) => JSON.stringify(f))).toEqual([
      '{"customerId":"cus_1","handoffId":"hof_1","window":"accept","windowStart":"2026-12-07T09:00:00.000Z","deadline":"2026-12-07T13:00:00.000Z","status":"pending","id":"hof_1:r2:accept:50%","kind":"nudge","step":"50%","recipient":{"kind":"team","team":"delivery"},"dueAt":"2026-12-07T11:00:00.000Z"}',
      '{"customerId":"cus_1","handoffId":"hof_1","window":"accept","windowStart":"2026-12-07T09:00:00.000Z","deadline":"2026-12-07T13:00:00.000Z","status":"pending","id":"hof_1:r2:accept:100%","kind":"nudge","step":"100%","recipient":{"kind":"team","team":"delivery"},"dueAt":"2026-12-07T13:00:00.000Z"}',
      '{"customerId":"cus_1","handoffId":"hof_1","window":"accept","windowStart":"2026-12-07T09:00:00.000Z","deadline":"2026-12-07T13:00:00.000Z","status":"pending","id":"hof_1:r2:accept:esc-150%","kind":"escalation","step":"150%","recipient":{"kind":"person","person":"lee"},"dueAt":"2026-12-07T15:00:00.000Z"}',
      '{"customerId":"cus_1","handoffId":"hof_1","window":"accept","windowStart":"2026-12-07T09:00:00.000Z","deadline":"2026-12-07T13:00:00.000Z","status":"pending","id":"hof_1:r2:accept:esc-150%:sending-lead","kind":"escalation","step":"150%","recipient":{"kind":"person","person":"sam"},"dueAt":"2026-12-07T15:00:00.000Z"}',
    ]);
  });

  it('leaves the handoff out of a cadence window, which has none', () => {
    const [first] = planWindow(
      plan({ subject: 'cus_1', window: 'cadence', handoffId: undefined, ladder: [] }),
    );
    expect(Object.keys(first ?? {})).toEqual([
      'customerId',
      'window',
      'windowStart',
      'deadline',
      'status',
      'id',
      'kind',
      'step',
      'recipient',
      'dueAt',
    ]);
  });
});
