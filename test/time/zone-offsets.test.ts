import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetMs } from '../../src/time/calendar.js';

const exact = (zone: string, t: number) => Math.round(tzOffset(zone, new Date(t)) * 60_000);

describe('zone offsets kept by hour', () => {
  it('give each instant of an hour with a change of offset its own offset', () => {
    // New York springs forward at 07:00Z and falls back at 06:00Z; Lord Howe moves by half an hour.
    const changes = [
      ['America/New_York', Date.parse('2026-03-08T07:00:00Z')],
      ['America/New_York', Date.parse('2026-11-01T06:00:00Z')],
      ['Australia/Lord_Howe', Date.parse('2026-04-04T15:00:00Z')],
      // Nepal moved from +5:30 to +5:45 at 18:30Z: a change inside an hour.
      ['Asia/Kathmandu', Date.parse('1985-12-31T18:00:00Z')],
    ] as const;
    for (const [zone, at] of changes) {
      for (const d of [-3_600_000, -1, 0, 1, 1_799_999, 1_800_000, 3_599_999, 3_600_000]) {
        expect(offsetMs(zone, at + d), `${zone} ${new Date(at + d).toISOString()}`).toBe(exact(zone, at + d));
      }
    }
    const nepal = Date.parse('1985-12-31T18:30:00Z');
    expect(offsetMs('Asia/Kathmandu', nepal - 1)).toBe(330 * 60_000);
    expect(offsetMs('Asia/Kathmandu', nepal)).toBe(345 * 60_000);
  });

  it('agree with the zone data at any instant, asked in any order', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: -3_000_000_000_000, max: 4_102_444_800_000 }),
        (zone, t) => {
          expect(offsetMs(zone, t)).toBe(exact(zone, t));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
