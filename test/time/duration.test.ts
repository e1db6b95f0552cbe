import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, isZero, parseDuration } from '../../src/time/duration.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

function refusal(text: string): DurationError {
  try {
    parseDuration(text);
  } catch (err) {
    expect(err).toBeInstanceOf(DurationError);
    return err as DurationError;
  }
  throw new Error(`parseDuration(${JSON.stringify(text)}) did not throw`);
}

describe('parseDuration', () => {
  it.each([
    ['PT4H', { days: 0, ms: 4 * HOUR }],
    ['PT30M', { days: 0, ms: 30 * MINUTE }],
    ['PT2S', { days: 0, ms: 2000 }],
    ['PT0.5S', { days: 0, ms: 500 }],
    ['PT1,5H', { days: 0, ms: 1.5 * HOUR }],
    ['PT1H30M15.25S', { days: 0, ms: HOUR + 30 * MINUTE + 15_250 }],
    ['P1D', { days: 1, ms: 0 }],
    ['P2D', { days: 2, ms: 0 }],
    ['P1W', { days: 7, ms: 0 }],
    ['P1W2D', { days: 9, ms: 0 }],
    ['P0.5W', null],
    ['P1DT4H', { days: 1, ms: 4 * HOUR }],
    ['PT36H', { days: 0, ms: 36 * HOUR }],
    ['P0D', { days: 0, ms: 0 }],
    ['PT0S', { days: 0, ms: 0 }],
    ['  PT4H\n', { days: 0, ms: 4 * HOUR }],
  ])('%j', (text, expected) => {
    if (expected === null) {
      expect(() => parseDuration(text)).toThrow(DurationError);
    } else {
      expect(parseDuration(text)).toEqual(expected);
    }
  });

  it('keeps fractional seconds to the millisecond', () => {
    expect(parseDuration('PT0.001S')).toEqual({ days: 0, ms: 1 });
    expect(parseDuration('PT0.3333H')).toEqual({ days: 0, ms: 1_199_880 });
  });

  it('refuses years and months because their length varies', () => {
    for (const text of ['P1Y', 'P2M', 'P1Y2M3D', 'P1MT4H']) {
      const err = refusal(text);
      expect(err.code).toBe('INVALID_DURATION');
      expect(err.message).toMatch(/years or months/);
      expect(err.message).toMatch(/P30D|P4W/);
    }
  });

  it('points P30M (30 months) at PT30M (30 minutes)', () => {
    expect(refusal('P30M').message).toContain('PT30M');
  });

  it('refuses fractional days with a P1DT4H example', () => {
    const err = refusal('P1.5D');
    expect(err.message).toContain('P1DT4H');
  });

  it('refuses negative durations', () => {
    expect(refusal('-PT4H').message).toMatch(/negative/);
    expect(refusal('P-1D').message).toMatch(/negative/);
    expect(refusal('PT-4H').message).toMatch(/negative/);
  });

  // tinyduration alone accepts every one of these and silently drops a part.
  it.each(['xxP1D', 'P1Dyy', 'P1DT', 'PT4H30', 'PT4M3H', 'P1D2D', 'PT', 'P', 'P.5D', '4h', '4H', 'PT1e3S'])(
    'refuses malformed %j with an example',
    (text) => {
      const err = refusal(text);
      expect(err.code).toBe('INVALID_DURATION');
      expect(err.message).toContain(`"${text.trim()}"`);
      expect(err.message).toMatch(/PT4H/);
    },
  );

  it('explains the usual slips', () => {
    expect(refusal('pt4h').message).toMatch(/upper case/);
    expect(refusal('P4H').message).toMatch(/put a T/);
    expect(refusal('P1DT').message).toMatch(/T must be followed/);
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('   ').message).toMatch(/empty/);
  });
});

describe('formatDuration', () => {
  it.each([
    [{ days: 0, ms: 0 }, 'PT0S'],
    [{ days: 2, ms: 0 }, 'P2D'],
    [{ days: 7, ms: 0 }, 'P7D'],
    [{ days: 0, ms: 4 * HOUR }, 'PT4H'],
    [{ days: 1, ms: 4 * HOUR + 30 * MINUTE }, 'P1DT4H30M'],
    [{ days: 0, ms: 2000 }, 'PT2S'],
    [{ days: 0, ms: 1 }, 'PT0.001S'],
    [{ days: 0, ms: 36 * HOUR + 12_345 }, 'PT36H12.345S'],
  ])('%j -> %s', (d, text) => {
    expect(formatDuration(d)).toBe(text);
  });

  it('refuses what parseDuration could never produce', () => {
    expect(() => formatDuration({ days: -1, ms: 0 })).toThrow(DurationError);
    expect(() => formatDuration({ days: 1.5, ms: 0 })).toThrow(DurationError);
    expect(() => formatDuration({ days: 0, ms: Number.NaN })).toThrow(DurationError);
  });

  it('round-trips through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 400 * HOUR }), (days, ms) => {
        expect(parseDuration(formatDuration({ days, ms }))).toEqual({ days, ms });
      }),
    );
  });
});

describe('isZero', () => {
  it('is true only when both parts are zero', () => {
    expect(isZero(parseDuration('P0D'))).toBe(true);
    expect(isZero(parseDuration('PT0S'))).toBe(true);
    expect(isZero(parseDuration('PT0.001S'))).toBe(false);
    expect(isZero(parseDuration('P1D'))).toBe(false);
  });
});
