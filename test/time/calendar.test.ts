import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime } from '../../src/time/business-time.js';
import { dateIn, type WorkCalendar } from '../../src/time/calendar.js';
import { parseDuration } from '../../src/time/duration.js';

describe('dateIn', () => {
  it('is the date on a wall calendar in the zone, on both sides of midnight and DST changes', () => {
    expect(dateIn('America/New_York', new Date('2026-11-24T04:59:59Z'))).toBe('2026-11-23');
    expect(dateIn('America/New_York', new Date('2026-11-24T05:00:00Z'))).toBe('2026-11-24');
    expect(dateIn('Asia/Seoul', new Date('2026-11-23T15:00:00Z'))).toBe('2026-11-24');
    expect(dateIn('Pacific/Chatham', new Date('2026-04-04T14:00:00Z'))).toBe('2026-04-05');
  });

  it('agrees with a formatted zoned date at any instant', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 4_102_444_800_000 }), (zone, t) => {
        const at = new Date(t);
        expect(dateIn(zone, at)).toBe(format(new TZDate(at, zone), 'yyyy-MM-dd'));
      }),
    );
  });
});

describe('compiled calendars', () => {
  it('follow a calendar changed in place: the cache is keyed by what it says', () => {
    const cal: WorkCalendar = {
      timeZone: 'America/New_York',
      hours: { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      holidays: [],
    };
    const monday = new Date('2026-11-23T20:00:00Z'); // 15:00 in New York
    expect(addBusinessTime(cal, monday, parseDuration('PT4H')).toISOString()).toBe(
      '2026-11-24T16:00:00.000Z',
    );
    cal.holidays = ['2026-11-24'];
    expect(addBusinessTime(cal, monday, parseDuration('PT4H')).toISOString()).toBe(
      '2026-11-25T16:00:00.000Z',
    );
  });
});
