import type { Outcome } from './journey-seed.js';

/**
 * Two weeks of handoffs for the weekly report tests: the week of 16 Nov 2026
 * (reported on Monday 23 Nov) and the week before. Sales → Delivery and
 * Marketing → Sales; SLAs of 4 hours to accept and 24 to first contact.
 */
const o = (
  id: string,
  from: string,
  to: string,
  week: string,
  startedAt: string,
  acceptedAfterH: number | undefined,
  contact?: { afterH: number; businessH: number },
): Outcome => ({
  id,
  from,
  to,
  week,
  startedAt,
  acceptSlaH: 4,
  contactSlaH: 24,
  ...(acceptedAfterH === undefined ? {} : { acceptedAfterH }),
  ...(contact ? { contactedAfterH: contact.afterH, contactBusinessH: contact.businessH } : {}),
});

export const REPORTED_WEEK = '2026-11-16';
export const WEEK_BEFORE = '2026-11-09';

export const OUTCOMES: Outcome[] = [
  o('s1', 'sales', 'delivery', REPORTED_WEEK, '2026-11-17T10:00:00.000Z', 1, { afterH: 10, businessH: 6 }),
  o('s2', 'sales', 'delivery', REPORTED_WEEK, '2026-11-17T11:00:00.000Z', 2, { afterH: 20, businessH: 9 }),
  o('s3', 'sales', 'delivery', REPORTED_WEEK, '2026-11-18T10:00:00.000Z', 6, { afterH: 30, businessH: 14 }),
  o('s4', 'sales', 'delivery', REPORTED_WEEK, '2026-11-18T12:00:00.000Z', 1),
  o('s5', 'sales', 'delivery', REPORTED_WEEK, '2026-11-19T10:00:00.000Z', 3, { afterH: 5, businessH: 5 }),
  o('m1', 'marketing', 'sales', REPORTED_WEEK, '2026-11-17T15:00:00.000Z', 0.5, { afterH: 2, businessH: 2 }),
  o('m2', 'marketing', 'sales', REPORTED_WEEK, '2026-11-18T15:00:00.000Z', 1, { afterH: 8, businessH: 6.5 }),
  o('p1', 'sales', 'delivery', WEEK_BEFORE, '2026-11-10T10:00:00.000Z', 1, { afterH: 12, businessH: 7 }),
  o('p2', 'sales', 'delivery', WEEK_BEFORE, '2026-11-11T10:00:00.000Z', 5, { afterH: 40, businessH: 20 }),
  o('p3', 'sales', 'delivery', WEEK_BEFORE, '2026-11-12T10:00:00.000Z', 2, { afterH: 6, businessH: 4 }),
];

/** How late the seeded gaps are, in hours: Late Co 3 is the worst, Late Co 5 the sixth and left out. */
export const GAPS_OVERDUE_H = [5, 50, 10, 200, 30, 1];
export const WORST_FIRST = ['Late Co 3', 'Late Co 1', 'Late Co 4', 'Late Co 2', 'Late Co 0'];
