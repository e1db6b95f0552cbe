import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/analytics/journey-of.js';
import { weekOf } from '../../src/time/weeks.js';

describe('a fact’s week and language', () => {
  it('is the Monday of the start in the receiving team’s zone, not in UTC', () => {
    // Sunday 20:00 UTC is Monday 05:00 in Seoul: the new week there.
    expect(weekOf('2026-11-29T20:00:00.000Z', 'Asia/Seoul')).toBe('2026-11-30');
    // Monday 03:00 UTC is still Sunday 22:00 in New York: the week before.
    expect(weekOf('2026-11-30T03:00:00.000Z', 'America/New_York')).toBe('2026-11-23');
    expect(weekOf('2026-11-30T03:00:00.000Z', 'UTC')).toBe('2026-11-30');
    // The Sunday the clocks go back in London is still in the week of Monday 26 October.
    expect(weekOf('2026-10-25T23:59:00.000Z', 'Europe/London')).toBe('2026-10-19');
    expect(weekOf('2026-10-26T00:00:00.000Z', 'Europe/London')).toBe('2026-10-26');
  });

  it('is the primary language subtag in lower case, und when there is none', () => {
    expect(languageOf('ko-KR')).toBe('ko');
    expect(languageOf('EN_gb')).toBe('en');
    expect(languageOf(undefined)).toBe('und');
    expect(languageOf('')).toBe('und');
    expect(languageOf('12')).toBe('und');
  });
});
