import { describe, expect, it } from 'vitest';
import { figuresOf } from '../../src/analytics/figures.js';
import { aFact } from '../adapters/dashboard/helpers.js';

describe('the customer-confirmed contact rate', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it('counts the answers that say someone was in touch, over all answers; the unasked are left out', () => {
    const facts = [
      aFact({ handoffId: 'h1', customerId: 'c1', pulseAnswer: 'helped' }),
      aFact({ handoffId: 'h2', customerId: 'c2', pulseAnswer: 'need-help' }),
      aFact({ handoffId: 'h3', customerId: 'c3', pulseAnswer: 'not-yet' }),
      aFact({ handoffId: 'h4', customerId: 'c4' }),
    ];
    const f = figuresOf(facts, now);
    expect([f.pulseAnswered, f.pulseConfirmed, f.pulseRate]).toEqual([3, 2, 2 / 3]);
  });
  it('is unknown, not zero, when nobody answered', () => {
    expect(figuresOf([aFact({ handoffId: 'h4', customerId: 'c4' })], now).pulseRate).toBeNull();
  });
});
