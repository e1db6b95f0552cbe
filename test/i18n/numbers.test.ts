import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/i18n/format.js';

describe('numbers', () => {
  it('read the same the first time and every time after, whole or not', () => {
    for (let round = 0; round < 2; round++) {
      expect(formatNumber(1230, 'en-US')).toBe('1,230');
      expect(formatNumber(0, 'en')).toBe('0');
      expect(formatNumber(-0, 'en')).toBe('-0');
      expect(formatNumber(-12, 'en')).toBe('-12');
      expect(formatNumber(2.5, 'en')).toBe('2.5');
      expect(formatNumber(2 ** 60, 'en')).toBe(new Intl.NumberFormat('en').format(2 ** 60));
    }
  });
});
