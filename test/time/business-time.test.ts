import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMs,
  addBusinessTime,
  businessTimeBetween,
  fractionOfWindow,
  nextWorkingInstant,
} from '../../src/time/business-time.js';
import {
  assertValidCalendar,
  CalendarError,
  isWorkingTime,
  type Weekday,
  type WorkCalendar,
} from '../../src/time/calendar.js';
import { type IsoDuration, parseDuration } from '../../src/time/duration.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const MON_FRI: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const NEW_YORK: WorkCalendar = {
  timeZone: 'America/New_York',
  hours: { start: '09:00', end: '17:00', days: MON_FRI },
  holidays: ['2026-07-03', '2026-12-25', '2027-01-01'],
};
/** 9 to 5 on Sundays too, so DST Sundays are working days. */
const NEW_YORK_7_DAYS: WorkCalendar = {
  timeZone: 'America/New_York',
  hours: { start: '09:00', end: '17:00', days: EVERY_DAY },
  holidays: [],
};
/** The DST change (02:00) falls inside this window. */
const NEW_YORK_NIGHT: WorkCalendar = {
  timeZone: 'America/New_York',
  hours: { start: '01:00', end: '04:00', days: EVERY_DAY },
  holidays: [],
};
const NEW_YORK_EARLY: WorkCalendar = {
  timeZone: 'America/New_York',
  hours: { start: '00:00', end: '08:00', days: EVERY_DAY },
  holidays: [],
};
/** Around the clock; the holiday must be ignored. */
const NEW_YORK_24: WorkCalendar = { timeZone: 'America/New_York', holidays: ['2026-03-08'] };
const UTC_24: WorkCalendar = { timeZone: 'UTC', holidays: [] };
const SEOUL: WorkCalendar = {
  timeZone: 'Asia/Seoul',
  hours: { start: '09:00', end: '18:00', days: MON_FRI },
  holidays: ['2026-03-02'],
};
const BERLIN: WorkCalendar = {
  timeZone: 'Europe/Berlin',
  hours: { start: '08:30', end: '16:30', days: MON_FRI },
  holidays: ['2026-12-25', '2026-12-26', '2027-01-01'],
};
/** Berlin changes clocks at 02:00/03:00, inside this window. */
const BERLIN_EARLY: WorkCalendar = {
  timeZone: 'Europe/Berlin',
  hours: { start: '00:30', end: '06:00', days: ['mon', 'wed', 'fri', 'sat', 'sun'] },
  holidays: ['2027-01-01'],
};
const BERLIN_LATE: WorkCalendar = {
  timeZone: 'Europe/Berlin',
  hours: { start: '22:00', end: '24:00', days: EVERY_DAY },
  holidays: ['2027-01-01'],
};

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('addBusinessTime, New York 9 to 5', () => {
  it.each([
    ['Tue 15:00 + P2D = Thu 15:00', '2026-03-03T15:00:00-05:00', 'P2D', '2026-03-05T15:00:00-05:00'],
    [
      'Fri 15:00 + P1D = Mon 15:00, across the March DST change',
      '2026-03-06T15:00:00-05:00',
      'P1D',
      '2026-03-09T15:00:00-04:00',
    ],
    ['Thu 16:00 + PT4H = Fri 12:00', '2026-03-05T16:00:00-05:00', 'PT4H', '2026-03-06T12:00:00-05:00'],
    ['Fri 15:00 + PT4H = Mon 11:00', '2026-03-06T15:00:00-05:00', 'PT4H', '2026-03-09T11:00:00-04:00'],
    ['Fri 16:30 + PT1H = Mon 09:30', '2026-10-30T16:30:00-04:00', 'PT1H', '2026-11-02T09:30:00-05:00'],
    ['Tue 15:00 + P1DT4H = Thu 11:00', '2026-03-03T15:00:00-05:00', 'P1DT4H', '2026-03-05T11:00:00-05:00'],
    [
      'P1W = 7 working days, not a calendar week',
      '2026-03-03T15:00:00-05:00',
      'P1W',
      '2026-03-12T15:00:00-04:00',
    ],
    [
      'Thu before a Friday holiday + P1D = Mon',
      '2026-12-24T15:00:00-05:00',
      'P1D',
      '2026-12-28T15:00:00-05:00',
    ],
    [
      'Thu before a Friday holiday + PT4H = Mon 11:00',
      '2026-12-24T15:00:00-05:00',
      'PT4H',
      '2026-12-28T11:00:00-05:00',
    ],
    [
      'Dec 31 16:00 + PT2H = Jan 4 10:00 (Jan 1 is a holiday)',
      '2026-12-31T16:00:00-05:00',
      'PT2H',
      '2027-01-04T10:00:00-05:00',
    ],
    [
      'Saturday start counts from Monday 09:00',
      '2026-03-07T10:00:00-05:00',
      'PT4H',
      '2026-03-09T13:00:00-04:00',
    ],
    [
      'before hours: Mon 07:00 + P1D = Tue 09:00',
      '2026-03-02T07:00:00-05:00',
      'P1D',
      '2026-03-03T09:00:00-05:00',
    ],
    [
      'after hours: Mon 18:00 + P1D = Wed 09:00',
      '2026-03-02T18:00:00-05:00',
      'P1D',
      '2026-03-04T09:00:00-05:00',
    ],
    [
      'exactly 8 working hours ends at 17:00, not next morning',
      '2026-03-03T09:00:00-05:00',
      'PT8H',
      '2026-03-03T17:00:00-05:00',
    ],
    [
      'zero moves to the next working instant',
      '2026-03-07T10:00:00-05:00',
      'PT0S',
      '2026-03-09T09:00:00-04:00',
    ],
  ])('%s', (_name, start, duration, expected) => {
    expect(iso(addBusinessTime(NEW_YORK, at(start), parseDuration(duration)))).toBe(iso(at(expected)));
  });

  it('counts a whole year of working days, skipping weeks without holidays', () => {
    // 2026 has 261 weekdays; July 3 and December 25 are holidays (only the 2027 New Year is listed):
    // 259 working days, so 257 after Friday Jan 2.
    const start = at('2026-01-02T10:00:00-05:00');
    expect(iso(addBusinessTime(NEW_YORK, start, { days: 257, ms: 0 }))).toBe(
      iso(at('2026-12-31T10:00:00-05:00')),
    );
    expect(iso(addBusinessTime(NEW_YORK, start, { days: 258, ms: 0 }))).toBe(
      iso(at('2027-01-04T10:00:00-05:00')),
    );
  });
});

describe('addBusinessTime, other zones', () => {
  it('Seoul: Friday 17:00 + PT2H skips the weekend and the Monday holiday', () => {
    const start = at('2026-02-27T17:00:00+09:00');
    expect(iso(addBusinessTime(SEOUL, start, parseDuration('PT2H')))).toBe(
      iso(at('2026-03-03T10:00:00+09:00')),
    );
    expect(iso(addBusinessTime(SEOUL, start, parseDuration('P1D')))).toBe(
      iso(at('2026-03-03T17:00:00+09:00')),
    );
  });

  it('Berlin: the March DST change does not shorten an 08:30 to 16:30 week', () => {
    const start = at('2026-03-27T12:00:00+01:00');
    expect(iso(addBusinessTime(BERLIN, start, parseDuration('PT6H')))).toBe(
      iso(at('2026-03-30T10:00:00+02:00')),
    );
  });

  it('around the clock: P1D is the same wall-clock time next day, even across DST', () => {
    expect(iso(addBusinessTime(NEW_YORK_24, at('2026-03-07T10:00:00-05:00'), parseDuration('P1D')))).toBe(
      '2026-03-08T14:00:00.000Z',
    );
    expect(iso(addBusinessTime(NEW_YORK_24, at('2026-10-31T10:00:00-04:00'), parseDuration('P1D')))).toBe(
      '2026-11-01T15:00:00.000Z',
    );
  });

  it('around the clock: PT24H is elapsed time and holidays do not apply', () => {
    expect(iso(addBusinessTime(NEW_YORK_24, at('2026-03-07T10:00:00-05:00'), parseDuration('PT24H')))).toBe(
      '2026-03-08T15:00:00.000Z',
    );
  });

  it('a 2-second SLA for tests is exactly 2 seconds on an around-the-clock calendar', () => {
    const start = at('2026-03-08T06:59:59.500Z');
    expect(addBusinessTime(UTC_24, start, parseDuration('PT2S')).getTime()).toBe(start.getTime() + 2000);
    expect(addBusinessTime(NEW_YORK_24, start, parseDuration('PT2S')).getTime()).toBe(start.getTime() + 2000);
  });

  it('refuses durations parseDuration would never return', () => {
    const start = at('2026-03-03T15:00:00-05:00');
    expect(() => addBusinessTime(NEW_YORK, start, { days: -1, ms: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION' }),
    );
    expect(() => addBusinessTime(NEW_YORK, start, { days: 0.5, ms: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION' }),
    );
    expect(() => addBusinessTime(NEW_YORK, new Date(Number.NaN), { days: 1, ms: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    const results: string[][] = [];
    try {
      for (const host of [
        'UTC',
        'America/Los_Angeles',
        'Pacific/Auckland',
        'Asia/Kolkata',
        'Europe/Berlin',
      ]) {
        process.env.TZ = host;
        results.push([
          iso(addBusinessTime(NEW_YORK, at('2026-03-06T15:00:00-05:00'), parseDuration('PT4H'))),
          iso(addBusinessTime(BERLIN_EARLY, at('2026-03-28T05:00:00+01:00'), parseDuration('PT2H'))),
          iso(addBusinessTime(NEW_YORK_NIGHT, at('2026-10-31T03:30:00-04:00'), parseDuration('PT2H'))),
          iso(addBusinessTime(NEW_YORK_24, at('2026-03-07T10:00:00-05:00'), parseDuration('P1D'))),
        ]);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(results[0]).toEqual([
      '2026-03-09T15:00:00.000Z',
      // Sat 05:00 CET + 1h -> 06:00 end; Sun 00:30 CET + 1h -> 01:30 CET.
      '2026-03-29T00:30:00.000Z',
      // Sat 03:30 EDT + 30 min -> 04:00; Sun 01:00 EDT + 1h30 -> 01:30 EST (the hour repeats).
      '2026-11-01T06:30:00.000Z',
      '2026-03-08T14:00:00.000Z',
    ]);
    for (const r of results) expect(r).toEqual(results[0]);
  });
});

describe('businessTimeBetween', () => {
  it('counts only working time', () => {
    expect(
      businessTimeBetween(NEW_YORK, at('2026-03-06T16:00:00-05:00'), at('2026-03-09T10:00:00-04:00')),
    ).toBe(2 * HOUR);
    expect(businessTimeBetween(SEOUL, at('2026-02-27T17:00:00+09:00'), at('2026-03-03T10:00:00+09:00'))).toBe(
      2 * HOUR,
    );
  });

  it('is 0 when b is not after a', () => {
    const a = at('2026-03-03T12:00:00-05:00');
    expect(businessTimeBetween(NEW_YORK, a, a)).toBe(0);
    expect(businessTimeBetween(NEW_YORK, a, at('2026-03-03T11:00:00-05:00'))).toBe(0);
    expect(businessTimeBetween(UTC_24, a, at('2026-03-03T11:00:00-05:00'))).toBe(0);
  });

  it('a whole year of 9 to 5 is 259 working days', () => {
    expect(
      businessTimeBetween(NEW_YORK, at('2026-01-01T00:00:00-05:00'), at('2027-01-01T00:00:00-05:00')),
    ).toBe(259 * 8 * HOUR);
  });

  it('09:00 to 17:00 is 8 hours on both DST Sundays', () => {
    expect(
      businessTimeBetween(NEW_YORK_7_DAYS, at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00')),
    ).toBe(8 * HOUR);
    expect(
      businessTimeBetween(NEW_YORK_7_DAYS, at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00')),
    ).toBe(8 * HOUR);
  });

  it('a window holding the DST change really is an hour shorter or longer', () => {
    const march8 = [at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00')] as const;
    const nov1 = [at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00')] as const;
    expect(businessTimeBetween(NEW_YORK_EARLY, ...march8)).toBe(7 * HOUR);
    expect(businessTimeBetween(NEW_YORK_EARLY, ...nov1)).toBe(9 * HOUR);
    expect(businessTimeBetween(NEW_YORK_NIGHT, ...march8)).toBe(2 * HOUR);
    expect(businessTimeBetween(NEW_YORK_NIGHT, ...nov1)).toBe(4 * HOUR);
    // A month and a year: week skipping must notice the change.
    expect(
      businessTimeBetween(NEW_YORK_EARLY, at('2026-03-01T00:00:00-05:00'), at('2026-04-01T00:00:00-04:00')),
    ).toBe((31 * 8 - 1) * HOUR);
    expect(
      businessTimeBetween(NEW_YORK_EARLY, at('2026-01-01T00:00:00-05:00'), at('2027-01-01T00:00:00-05:00')),
    ).toBe(365 * 8 * HOUR);
  });

  it('a window ending at 24:00 runs to midnight', () => {
    expect(
      businessTimeBetween(BERLIN_LATE, at('2026-12-30T12:00:00+01:00'), at('2027-01-02T12:00:00+01:00')),
    ).toBe(4 * HOUR);
  });

  it('around the clock is elapsed time, a 23-hour DST day included', () => {
    expect(
      businessTimeBetween(NEW_YORK_24, at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00')),
    ).toBe(23 * HOUR);
  });
});

describe('addBusinessMs', () => {
  it('a year of working time ends on the last working day at 17:00', () => {
    const start = at('2026-01-01T00:00:00-05:00');
    expect(iso(addBusinessMs(NEW_YORK, start, 259 * 8 * HOUR))).toBe(iso(at('2026-12-31T17:00:00-05:00')));
    expect(iso(addBusinessMs(NEW_YORK, start, 259 * 8 * HOUR + 1))).toBe(
      iso(at('2027-01-04T09:00:00.001-05:00')),
    );
  });

  it('0 ms returns the start unchanged, even outside hours', () => {
    const saturday = at('2026-03-07T10:00:00-05:00');
    expect(iso(addBusinessMs(NEW_YORK, saturday, 0))).toBe(iso(saturday));
  });

  it('refuses negative or non-finite amounts', () => {
    const start = at('2026-03-03T12:00:00-05:00');
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addBusinessMs(NEW_YORK, start, ms)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });
});

describe('fractionOfWindow', () => {
  const start = at('2026-03-02T09:00:00-05:00');
  const deadline = at('2026-03-02T13:00:00-05:00');

  it.each([
    [0, '2026-03-02T09:00:00-05:00'],
    [0.5, '2026-03-02T11:00:00-05:00'],
    [1, '2026-03-02T13:00:00-05:00'],
    [1.5, '2026-03-02T15:00:00-05:00'],
    [2, '2026-03-02T17:00:00-05:00'],
    [2.25, '2026-03-03T10:00:00-05:00'],
  ])('%s of a 4-working-hour window', (fraction, expected) => {
    expect(iso(fractionOfWindow(NEW_YORK, start, deadline, fraction))).toBe(iso(at(expected)));
  });

  it('spreads over a weekend in working time', () => {
    const friday = at('2026-03-06T15:00:00-05:00');
    const monday = at('2026-03-09T11:00:00-04:00');
    expect(iso(fractionOfWindow(NEW_YORK, friday, monday, 0.5))).toBe(iso(at('2026-03-06T17:00:00-05:00')));
    expect(iso(fractionOfWindow(NEW_YORK, friday, monday, 0.75))).toBe(iso(at('2026-03-09T10:00:00-04:00')));
    expect(iso(fractionOfWindow(NEW_YORK, friday, monday, 1.5))).toBe(iso(at('2026-03-09T13:00:00-04:00')));
  });

  it('100% is the deadline even when the deadline is outside hours', () => {
    const friday = at('2026-03-06T15:00:00-05:00');
    const saturday = at('2026-03-07T12:00:00-05:00');
    expect(iso(fractionOfWindow(NEW_YORK, friday, saturday, 1))).toBe(iso(saturday));
    expect(iso(fractionOfWindow(NEW_YORK, friday, saturday, 1.5))).toBe(iso(at('2026-03-09T10:00:00-04:00')));
  });

  it('around the clock is plain arithmetic', () => {
    const s = at('2026-03-08T00:00:00Z');
    expect(fractionOfWindow(UTC_24, s, new Date(s.getTime() + 2000), 1.5).getTime()).toBe(s.getTime() + 3000);
  });

  it('refuses a negative fraction and a deadline before the start', () => {
    expect(() => fractionOfWindow(NEW_YORK, start, deadline, -0.5)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => fractionOfWindow(NEW_YORK, deadline, start, 0.5)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('nextWorkingInstant and isWorkingTime', () => {
  it.each([
    ['Saturday -> Monday 09:00', '2026-03-07T10:00:00-05:00', '2026-03-09T09:00:00-04:00'],
    ['inside hours -> unchanged', '2026-03-03T12:34:56.789-05:00', '2026-03-03T12:34:56.789-05:00'],
    ['08:59 -> 09:00', '2026-03-03T08:59:00-05:00', '2026-03-03T09:00:00-05:00'],
    [
      '17:00 is the end, not working -> next morning',
      '2026-03-03T17:00:00-05:00',
      '2026-03-04T09:00:00-05:00',
    ],
    [
      'Dec 31 evening -> Jan 4 (Jan 1 holiday, weekend)',
      '2026-12-31T17:00:00-05:00',
      '2027-01-04T09:00:00-05:00',
    ],
  ])('%s', (_name, from, expected) => {
    expect(iso(nextWorkingInstant(NEW_YORK, at(from)))).toBe(iso(at(expected)));
  });

  it('around the clock, every instant is working time', () => {
    const sunday = at('2026-03-08T07:30:00Z');
    expect(iso(nextWorkingInstant(NEW_YORK_24, sunday))).toBe(iso(sunday));
    expect(isWorkingTime(NEW_YORK_24, sunday)).toBe(true); // a listed holiday
  });

  it.each([
    [NEW_YORK, '2026-03-03T09:00:00-05:00', true],
    [NEW_YORK, '2026-03-03T16:59:59.999-05:00', true],
    [NEW_YORK, '2026-03-03T17:00:00-05:00', false],
    [NEW_YORK, '2026-03-03T08:59:59.999-05:00', false],
    [NEW_YORK, '2026-03-07T12:00:00-05:00', false],
    [NEW_YORK, '2026-12-25T12:00:00-05:00', false],
    [SEOUL, '2026-03-02T12:00:00+09:00', false],
    [SEOUL, '2026-03-03T12:00:00+09:00', true],
    [BERLIN_LATE, '2026-12-30T23:59:59.999+01:00', true],
    [BERLIN_LATE, '2026-12-31T00:00:00+01:00', false],
    [BERLIN_LATE, '2027-01-01T23:00:00+01:00', false],
  ])('%#: %s is working: %s', (cal, when, expected) => {
    expect(isWorkingTime(cal, at(when))).toBe(expected);
  });
});

describe('assertValidCalendar', () => {
  const hours = { start: '09:00', end: '17:00', days: MON_FRI };

  it.each([
    ['timeZone', { timeZone: 'Mars/Olympus', holidays: [] }],
    ['timeZone', { holidays: [] }],
    ['holidays', { timeZone: 'UTC' }],
    ['holidays[1]', { timeZone: 'UTC', holidays: ['2026-12-25', '2026-02-30'] }],
    ['holidays[0]', { timeZone: 'UTC', holidays: ['25/12/2026'] }],
    ['hours.start', { timeZone: 'UTC', holidays: [], hours: { ...hours, start: '9:00' } }],
    ['hours.start', { timeZone: 'UTC', holidays: [], hours: { ...hours, start: '24:00' } }],
    ['hours.end', { timeZone: 'UTC', holidays: [], hours: { ...hours, end: '17:60' } }],
    ['hours.end', { timeZone: 'UTC', holidays: [], hours: { ...hours, end: '08:00' } }],
    ['hours.end', { timeZone: 'UTC', holidays: [], hours: { ...hours, end: '09:00' } }],
    ['hours', { timeZone: 'UTC', holidays: [], hours: { ...hours, start: '00:00', end: '24:00' } }],
    ['hours.days', { timeZone: 'UTC', holidays: [], hours: { ...hours, days: [] } }],
    ['hours.days[1]', { timeZone: 'UTC', holidays: [], hours: { ...hours, days: ['mon', 'Tuesday'] } }],
    ['hours.days[2]', { timeZone: 'UTC', holidays: [], hours: { ...hours, days: ['mon', 'tue', 'tue'] } }],
    ['hours', { timeZone: 'UTC', holidays: [], hours: 'nine to five' }],
    ['(calendar)', null],
  ])('names %s', (field, cal) => {
    let caught: unknown;
    try {
      assertValidCalendar(cal);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CalendarError);
    expect((caught as CalendarError).code).toBe('INVALID_CALENDAR');
    expect((caught as CalendarError).field).toBe(field);
    expect((caught as CalendarError).message).toContain(`"${field}"`);
  });

  it('accepts the calendars used here, "24:00" ends included', () => {
    for (const cal of [NEW_YORK, NEW_YORK_NIGHT, NEW_YORK_24, SEOUL, BERLIN, BERLIN_LATE, UTC_24]) {
      expect(() => assertValidCalendar(cal)).not.toThrow();
    }
  });

  it('every business-time function validates its calendar', () => {
    const bad = { timeZone: 'Nowhere/Atall', holidays: [] } as WorkCalendar;
    const now = at('2026-03-03T12:00:00Z');
    const calls = [
      () => isWorkingTime(bad, now),
      () => nextWorkingInstant(bad, now),
      () => addBusinessMs(bad, now, 1),
      () => addBusinessTime(bad, now, { days: 1, ms: 0 }),
      () => businessTimeBetween(bad, now, now),
      () => fractionOfWindow(bad, now, now, 1),
    ];
    for (const call of calls) expect(call).toThrow(CalendarError);
  });
});

describe('loop guard', () => {
  // Works only on Mondays, and every Monday for 21 years is a holiday.
  const mondays: string[] = [];
  for (let t = Date.UTC(2026, 2, 2); t < Date.UTC(2047, 0, 1); t += 7 * DAY) {
    mondays.push(new Date(t).toISOString().slice(0, 10));
  }
  const NEVER: WorkCalendar = {
    timeZone: 'UTC',
    hours: { start: '09:00', end: '17:00', days: ['mon'] },
    holidays: mondays,
  };
  const start = at('2026-03-01T12:00:00Z');

  it('gives up with BUSINESS_TIME_LIMIT instead of looping for ever', () => {
    const limit = expect.objectContaining({ code: 'BUSINESS_TIME_LIMIT' });
    expect(() => addBusinessMs(NEVER, start, 1)).toThrow(limit);
    expect(() => nextWorkingInstant(NEVER, start)).toThrow(limit);
    expect(() => addBusinessTime(NEVER, start, { days: 1, ms: 0 })).toThrow(limit);
    expect(() => addBusinessTime(NEW_YORK, start, { days: 100_000, ms: 0 })).toThrow(limit);
    expect(() => businessTimeBetween(NEW_YORK, start, at('2050-01-01T00:00:00Z'))).toThrow(limit);
  });

  it('long but sane spans still work, and fast', () => {
    const began = performance.now();
    expect(businessTimeBetween(NEVER, start, at('2045-01-01T00:00:00Z'))).toBe(0);
    const tenYears = addBusinessTime(NEW_YORK, start, { days: 2500, ms: 0 });
    expect(tenYears.getUTCFullYear()).toBe(2035);
    expect(performance.now() - began).toBeLessThan(2000);
  });
});

// ---------------------------------------------------------------------------
// Properties, around DST changes and year ends.

type Scenario = { name: string; cal: WorkCalendar; from: number; to: number };

const scenario = (name: string, cal: WorkCalendar, from: string, to: string): Scenario => ({
  name,
  cal,
  from: Date.parse(from),
  to: Date.parse(to),
});

const NINE_TO_FIVE_SCENARIOS: Scenario[] = [
  scenario('New York, March DST', NEW_YORK, '2026-03-01T00:00:00-05:00', '2026-03-15T00:00:00-04:00'),
  scenario('New York, November DST', NEW_YORK, '2026-10-25T00:00:00-04:00', '2026-11-08T00:00:00-05:00'),
  scenario('New York, year end', NEW_YORK, '2026-12-20T00:00:00-05:00', '2027-01-10T00:00:00-05:00'),
  scenario(
    'New York 7 days, March DST',
    NEW_YORK_7_DAYS,
    '2026-03-05T00:00:00-05:00',
    '2026-03-11T00:00:00-04:00',
  ),
  scenario('Berlin, March DST', BERLIN, '2026-03-22T00:00:00+01:00', '2026-04-05T00:00:00+02:00'),
  scenario('Berlin, October DST', BERLIN, '2026-10-18T00:00:00+02:00', '2026-11-01T00:00:00+01:00'),
  scenario('Berlin, year end', BERLIN, '2026-12-20T00:00:00+01:00', '2027-01-10T00:00:00+01:00'),
  scenario('Seoul, holiday', SEOUL, '2026-02-20T00:00:00+09:00', '2026-03-10T00:00:00+09:00'),
];

const WORKING_HOURS_SCENARIOS: Scenario[] = [
  ...NINE_TO_FIVE_SCENARIOS,
  scenario(
    'New York night, March DST',
    NEW_YORK_NIGHT,
    '2026-03-05T00:00:00-05:00',
    '2026-03-12T00:00:00-04:00',
  ),
  scenario(
    'New York night, November DST',
    NEW_YORK_NIGHT,
    '2026-10-29T00:00:00-04:00',
    '2026-11-04T00:00:00-05:00',
  ),
  scenario(
    'New York early, November DST',
    NEW_YORK_EARLY,
    '2026-10-29T00:00:00-04:00',
    '2026-11-04T00:00:00-05:00',
  ),
  scenario('Berlin early, March DST', BERLIN_EARLY, '2026-03-25T00:00:00+01:00', '2026-04-02T00:00:00+02:00'),
  scenario(
    'Berlin early, October DST',
    BERLIN_EARLY,
    '2026-10-21T00:00:00+02:00',
    '2026-10-29T00:00:00+01:00',
  ),
  scenario('Berlin late, year end', BERLIN_LATE, '2026-12-28T00:00:00+01:00', '2027-01-04T00:00:00+01:00'),
];

const AROUND_THE_CLOCK_SCENARIOS: Scenario[] = [
  scenario('New York 24h, March DST', NEW_YORK_24, '2026-03-06T00:00:00-05:00', '2026-03-10T00:00:00-04:00'),
  scenario(
    'New York 24h, November DST',
    NEW_YORK_24,
    '2026-10-30T00:00:00-04:00',
    '2026-11-03T00:00:00-05:00',
  ),
  scenario('UTC 24h, year end', UTC_24, '2026-12-30T00:00:00Z', '2027-01-03T00:00:00Z'),
];

/** Random instants, half of them on quarter hours so that window edges and midnights get hit. */
function instantIn(s: Scenario): fc.Arbitrary<Date> {
  const quarters = Math.floor((s.to - s.from) / (15 * MINUTE));
  return fc
    .oneof(
      fc.integer({ min: s.from, max: s.to }),
      fc.integer({ min: 0, max: quarters }).map((q) => s.from + q * 15 * MINUTE),
    )
    .map((t) => new Date(t));
}

function startIn(scenarios: Scenario[]): fc.Arbitrary<{ s: Scenario; start: Date }> {
  return fc.constantFrom(...scenarios).chain((s) => instantIn(s).map((start) => ({ s, start })));
}

/** Up to about six weeks of 9-to-5 working time, so that week skipping takes part. */
const workingMs = fc.oneof(
  fc.integer({ min: 0, max: 240 * HOUR }),
  fc.integer({ min: 0, max: 960 }).map((q) => q * 15 * MINUTE),
  fc.constantFrom(1, 8 * HOUR, 40 * HOUR, 41 * HOUR),
);

const duration: fc.Arbitrary<IsoDuration> = fc.record({
  days: fc.integer({ min: 0, max: 30 }),
  ms: fc.oneof(fc.constant(0), workingMs),
});

const RUNS = { numRuns: 400 };

describe('properties', () => {
  it('the deadline is never before the start', () => {
    fc.assert(
      fc.property(
        startIn([...WORKING_HOURS_SCENARIOS, ...AROUND_THE_CLOCK_SCENARIOS]),
        duration,
        ({ s, start }, d) => {
          expect(addBusinessTime(s.cal, start, d).getTime()).toBeGreaterThanOrEqual(start.getTime());
        },
      ),
      RUNS,
    );
  });

  it('businessTimeBetween(start, addBusinessMs(start, ms)) == ms', () => {
    fc.assert(
      fc.property(startIn(WORKING_HOURS_SCENARIOS), workingMs, ({ s, start }, ms) => {
        expect(businessTimeBetween(s.cal, start, addBusinessMs(s.cal, start, ms))).toBe(ms);
      }),
      RUNS,
    );
  });

  it('addBusinessMs is monotonic in ms', () => {
    fc.assert(
      fc.property(startIn(WORKING_HOURS_SCENARIOS), workingMs, workingMs, ({ s, start }, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(addBusinessMs(s.cal, start, lo).getTime()).toBeLessThanOrEqual(
          addBusinessMs(s.cal, start, hi).getTime(),
        );
      }),
      RUNS,
    );
  });

  it('adding in two steps is adding once', () => {
    fc.assert(
      fc.property(startIn(WORKING_HOURS_SCENARIOS), workingMs, workingMs, ({ s, start }, x, y) => {
        const once = addBusinessMs(s.cal, start, x + y);
        const twice = addBusinessMs(s.cal, addBusinessMs(s.cal, start, x), y);
        expect(iso(twice)).toBe(iso(once));
      }),
      RUNS,
    );
  });

  it('with ms > 0 the result is inside working time or at the end of a working day', () => {
    fc.assert(
      fc.property(startIn(WORKING_HOURS_SCENARIOS), workingMs, ({ s, start }, ms) => {
        fc.pre(ms > 0);
        const end = addBusinessMs(s.cal, start, ms);
        // The last millisecond added was working time, so `end` is in a window or at its end.
        expect(isWorkingTime(s.cal, new Date(end.getTime() - 1))).toBe(true);
      }),
      RUNS,
    );
  });

  it('fractionOfWindow(..., 1) is the deadline', () => {
    fc.assert(
      fc.property(
        startIn([...WORKING_HOURS_SCENARIOS, ...AROUND_THE_CLOCK_SCENARIOS]),
        duration,
        ({ s, start }, d) => {
          const deadline = addBusinessTime(s.cal, start, d);
          expect(iso(fractionOfWindow(s.cal, start, deadline, 1))).toBe(iso(deadline));
        },
      ),
      RUNS,
    );
  });

  it('fractionOfWindow puts the right share of working time before and after the deadline', () => {
    fc.assert(
      fc.property(
        startIn(WORKING_HOURS_SCENARIOS),
        duration,
        fc.double({ min: 0, max: 2, noNaN: true }),
        ({ s, start }, d, fraction) => {
          const deadline = addBusinessTime(s.cal, start, d);
          const total = businessTimeBetween(s.cal, start, deadline);
          const when = fractionOfWindow(s.cal, start, deadline, fraction);
          if (fraction < 1) {
            expect(businessTimeBetween(s.cal, start, when)).toBe(Math.round(fraction * total));
          } else {
            expect(when.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
            expect(businessTimeBetween(s.cal, deadline, when)).toBe(Math.round((fraction - 1) * total));
          }
        },
      ),
      RUNS,
    );
  });

  it('businessTimeBetween is the sum of its day-sized pieces (week skipping agrees with day stepping)', () => {
    fc.assert(
      fc.property(
        startIn(WORKING_HOURS_SCENARIOS),
        fc.integer({ min: 0, max: 60 * DAY }),
        ({ s, start }, span) => {
          const a = start.getTime();
          const b = a + span;
          let pieces = 0;
          for (let t = a; t < b; t += 20 * HOUR) {
            pieces += businessTimeBetween(s.cal, new Date(t), new Date(Math.min(b, t + 20 * HOUR)));
          }
          expect(businessTimeBetween(s.cal, new Date(a), new Date(b))).toBe(pieces);
        },
      ),
      RUNS,
    );
  });

  it('P<k>D on a 9-to-5 calendar lands on a working instant exactly k working days on', () => {
    fc.assert(
      fc.property(startIn(NINE_TO_FIVE_SCENARIOS), fc.integer({ min: 1, max: 30 }), ({ s, start }, k) => {
        const first = nextWorkingInstant(s.cal, start);
        const deadline = addBusinessTime(s.cal, start, { days: k, ms: 0 });
        expect(isWorkingTime(s.cal, deadline)).toBe(true);
        const windowMs = s.cal === SEOUL ? 9 * HOUR : 8 * HOUR;
        expect(businessTimeBetween(s.cal, first, deadline)).toBe(k * windowMs);
        // Composes day by day.
        const stepped = addBusinessTime(s.cal, addBusinessTime(s.cal, start, { days: 1, ms: 0 }), {
          days: k - 1,
          ms: 0,
        });
        expect(iso(stepped)).toBe(iso(deadline));
      }),
      RUNS,
    );
  });

  it('around-the-clock calendars add plain elapsed milliseconds', () => {
    fc.assert(
      fc.property(startIn(AROUND_THE_CLOCK_SCENARIOS), workingMs, ({ s, start }, ms) => {
        const end = addBusinessMs(s.cal, start, ms);
        expect(end.getTime()).toBe(start.getTime() + ms);
        expect(addBusinessTime(s.cal, start, { days: 0, ms }).getTime()).toBe(start.getTime() + ms);
        expect(businessTimeBetween(s.cal, start, end)).toBe(ms);
        expect(isWorkingTime(s.cal, end)).toBe(true);
      }),
      RUNS,
    );
  });
});
