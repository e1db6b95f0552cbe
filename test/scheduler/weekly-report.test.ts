import { describe, expect, it } from 'vitest';
import { dueReportWeek, weekBefore } from '../../src/scheduler/weekly-report.js';

const monday9 = { day: 'monday', time: '09:00' } as const;

describe('when a weekly report falls due, in the recipient’s own zone', () => {
  it('is due from the local report time on, for the whole week before', () => {
    // Monday 23 Nov 2026, 08:59 and 09:00 in New York (UTC-5).
    expect(dueReportWeek(new Date('2026-11-23T13:59:00Z'), 'America/New_York', monday9)).toBeUndefined();
    expect(dueReportWeek(new Date('2026-11-23T14:00:00Z'), 'America/New_York', monday9)).toBe('2026-11-16');
    // Still that week's report until the next Monday's time.
    expect(dueReportWeek(new Date('2026-11-29T23:00:00Z'), 'America/New_York', monday9)).toBe('2026-11-16');
    // Seoul's Monday 09:00 is Monday 00:00 UTC; Sunday evening UTC is already Monday there.
    expect(dueReportWeek(new Date('2026-11-22T23:59:00Z'), 'Asia/Seoul', monday9)).toBeUndefined();
    expect(dueReportWeek(new Date('2026-11-23T00:00:00Z'), 'Asia/Seoul', monday9)).toBe('2026-11-16');
  });

  it('takes another day and time, and keeps to the wall clock across a change of summer time', () => {
    const friday = { day: 'friday', time: '16:30' } as const;
    // Friday 27 Nov 2026, 16:30 in London (GMT).
    expect(dueReportWeek(new Date('2026-11-27T16:29:00Z'), 'Europe/London', friday)).toBeUndefined();
    expect(dueReportWeek(new Date('2026-11-27T16:30:00Z'), 'Europe/London', friday)).toBe('2026-11-16');
    // Monday 30 March 2026 in London is BST (UTC+1): 09:00 local is 08:00 UTC.
    expect(dueReportWeek(new Date('2026-03-30T07:59:00Z'), 'Europe/London', monday9)).toBeUndefined();
    expect(dueReportWeek(new Date('2026-03-30T08:00:00Z'), 'Europe/London', monday9)).toBe('2026-03-23');
  });

  it('names the Monday a week before', () => {
    expect(weekBefore('2026-11-16')).toBe('2026-11-09');
    expect(weekBefore('2027-01-04')).toBe('2026-12-28');
  });
});
