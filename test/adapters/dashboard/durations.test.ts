import { describe, expect, it } from 'vitest';
import { formatBusiness } from '../../../adapters/dashboard/pages/format.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 8 * HOUR;

describe('business durations on the dashboard', () => {
  it('reads one of a unit in the singular and more in the plural, in English and Korean', () => {
    expect(formatBusiness(MINUTE, DAY, 'en')).toBe('1 business minute');
    expect(formatBusiness(40 * MINUTE, DAY, 'en')).toBe('40 business minutes');
    expect(formatBusiness(HOUR, DAY, 'en')).toBe('1 business hour');
    expect(formatBusiness(3 * HOUR, DAY, 'en')).toBe('3 business hours');
    expect(formatBusiness(3 * DAY, DAY, 'en')).toBe('3 business days');
    expect(formatBusiness(MINUTE, DAY, 'ko')).toBe('영업시간 1분');
    expect(formatBusiness(40 * MINUTE, DAY, 'ko')).toBe('영업시간 40분');
  });
});
