import type { FactInput } from './world.js';

const HOUR = 3_600_000;

/** Thursday 10:00 in New York: the current week began Monday 2026-11-30. */
export const NOW = '2026-12-03T15:00:00.000Z';

/**
 * Handoffs of the last 4 weeks (Nov 9 to Dec 6) and of the 4 before, with
 * the numbers the tests expect worked out by hand beside each one.
 */
export const CURRENT: FactInput[] = [
  // Accepted and contacted within SLA; 30 h from purchase to contact.
  {
    handoffId: 'A',
    week: '2026-11-09',
    from: 'sales',
    to: 'delivery',
    playbook: 'sales-to-delivery',
    source: 'hubspot',
    language: 'ko',
    state: 'accepted',
    startedAt: '2026-11-09T14:00:00.000Z',
    acceptDueAt: '2026-11-10T14:00:00.000Z',
    acceptedAt: '2026-11-09T16:00:00.000Z',
    acceptBusinessMs: 2 * HOUR,
    contactDueAt: '2026-11-11T14:00:00.000Z',
    contactedAt: '2026-11-09T20:00:00.000Z',
    contactBusinessMs: 4 * HOUR,
    purchasedAt: '2026-11-08T14:00:00.000Z',
  },
  // Accepted late, contacted late; one decline, one reassign, one escalation; 50 h purchase to contact.
  {
    handoffId: 'B',
    week: '2026-11-16',
    from: 'sales',
    to: 'delivery',
    playbook: 'sales-to-delivery',
    source: 'person',
    language: 'en',
    state: 'accepted',
    startedAt: '2026-11-16T14:00:00.000Z',
    acceptDueAt: '2026-11-16T18:00:00.000Z',
    acceptedAt: '2026-11-17T10:00:00.000Z',
    acceptBusinessMs: 10 * HOUR,
    contactDueAt: '2026-11-17T14:00:00.000Z',
    contactedAt: '2026-11-18T16:00:00.000Z',
    contactBusinessMs: 20 * HOUR,
    purchasedAt: '2026-11-16T14:00:00.000Z',
    declineReasons: ['Wrong team'],
    reassigns: 1,
    escalations: 1,
  },
  // Still open, past both deadlines now; escalated twice.
  {
    handoffId: 'C',
    week: '2026-11-30',
    from: 'sales',
    to: 'delivery',
    playbook: 'sales-to-delivery',
    source: 'hubspot',
    language: 'ko',
    state: 'open',
    startedAt: '2026-11-30T14:00:00.000Z',
    acceptDueAt: '2026-12-01T14:00:00.000Z',
    contactDueAt: '2026-12-02T14:00:00.000Z',
    escalations: 2,
  },
  // Delivery to Care: accepted in 1 h, first contact not yet due; declined twice before.
  {
    handoffId: 'D',
    week: '2026-11-30',
    from: 'delivery',
    to: 'care',
    playbook: 'delivery-to-care',
    source: 'person',
    language: 'en',
    state: 'accepted',
    sender: 'priya',
    startedAt: '2026-12-01T02:00:00.000Z',
    acceptDueAt: '2026-12-01T10:00:00.000Z',
    acceptedAt: '2026-12-01T03:00:00.000Z',
    acceptBusinessMs: 1 * HOUR,
    contactDueAt: '2026-12-08T00:00:00.000Z',
    declineReasons: ['Wrong team', 'Busy'],
  },
  // Cancelled before anyone accepted: past its deadlines, but no longer owed.
  {
    handoffId: 'E',
    week: '2026-11-23',
    from: 'sales',
    to: 'delivery',
    playbook: 'sales-to-delivery',
    source: 'person',
    language: 'und',
    state: 'cancelled',
    startedAt: '2026-11-23T14:00:00.000Z',
    acceptDueAt: '2026-11-24T14:00:00.000Z',
    contactDueAt: '2026-11-25T14:00:00.000Z',
    closedAt: '2026-11-23T18:00:00.000Z',
  },
  // Marketing to Sales from a phrase: accepted in 30 min, contacted in 1 h.
  {
    handoffId: 'F',
    week: '2026-11-23',
    from: 'marketing',
    to: 'sales',
    playbook: 'marketing-to-sales',
    source: 'phrase',
    language: 'en',
    state: 'accepted',
    sender: 'leo',
    startedAt: '2026-11-23T15:00:00.000Z',
    acceptDueAt: '2026-11-23T19:00:00.000Z',
    acceptedAt: '2026-11-23T15:30:00.000Z',
    acceptBusinessMs: 0.5 * HOUR,
    contactDueAt: '2026-11-24T15:00:00.000Z',
    contactedAt: '2026-11-23T16:00:00.000Z',
    contactBusinessMs: 1 * HOUR,
  },
];

/** The 4 weeks before (Oct 12 to Nov 8). */
export const PREVIOUS: FactInput[] = [
  {
    handoffId: 'P1',
    week: '2026-11-02',
    from: 'sales',
    to: 'delivery',
    playbook: 'sales-to-delivery',
    source: 'hubspot',
    language: 'ko',
    state: 'accepted',
    startedAt: '2026-11-02T14:00:00.000Z',
    acceptDueAt: '2026-11-03T14:00:00.000Z',
    acceptedAt: '2026-11-02T17:00:00.000Z',
    acceptBusinessMs: 3 * HOUR,
    contactDueAt: '2026-11-04T14:00:00.000Z',
    contactedAt: '2026-11-02T20:00:00.000Z',
    contactBusinessMs: 6 * HOUR,
    purchasedAt: '2026-11-02T00:00:00.000Z',
  },
  {
    handoffId: 'P2',
    week: '2026-10-19',
    from: 'sales',
    to: 'delivery',
    playbook: 'sales-to-delivery',
    source: 'person',
    language: 'en',
    state: 'accepted',
    startedAt: '2026-10-19T14:00:00.000Z',
    acceptDueAt: '2026-10-20T14:00:00.000Z',
    acceptedAt: '2026-10-19T19:00:00.000Z',
    acceptBusinessMs: 5 * HOUR,
    contactDueAt: '2026-10-20T14:00:00.000Z',
    contactedAt: '2026-10-21T10:00:00.000Z',
    contactBusinessMs: 8 * HOUR,
  },
];

/** Older than both 4-week periods; inside a 12-week one. */
export const OLDER: FactInput[] = [
  { handoffId: 'O', week: '2026-10-05', from: 'sales', to: 'delivery', playbook: 'sales-to-delivery' },
];

/** The customer whose name is markup: every page must show it as text. */
export const HOSTILE = '<img src=x onerror=alert(1)>';

/** Post-purchase customers, some past their contact SLA at NOW. */
export const GAP_CUSTOMERS = [
  // 3 h overdue, last contact 5 days ago.
  {
    id: 'g1',
    name: HOSTILE,
    team: 'delivery',
    extra: {
      owner: 'tom',
      postPurchase: true,
      purchasedAt: '2026-11-20T15:00:00.000Z',
      lastContactAt: '2026-11-28T15:00:00.000Z',
      contactDueAt: '2026-12-03T12:00:00.000Z',
    },
  },
  // 2 days overdue, never contacted since the purchase 4 days ago, no owner.
  {
    id: 'g2',
    name: 'Beta Ltd',
    team: 'care',
    extra: {
      postPurchase: true,
      purchasedAt: '2026-11-29T15:00:00.000Z',
      contactDueAt: '2026-12-01T15:00:00.000Z',
    },
  },
  // Not due yet.
  {
    id: 'g3',
    name: 'Gamma Inc',
    team: 'delivery',
    extra: { postPurchase: true, contactDueAt: '2026-12-05T15:00:00.000Z' },
  },
  // 1 h overdue, last contact 2 days ago.
  {
    id: 'g4',
    name: 'Delta Co',
    team: 'sales',
    extra: {
      owner: 'sam',
      postPurchase: true,
      lastContactAt: '2026-12-01T15:00:00.000Z',
      contactDueAt: '2026-12-03T14:00:00.000Z',
    },
  },
  // Before the purchase: no contact SLA.
  {
    id: 'g5',
    name: 'Epsilon',
    team: 'delivery',
    extra: { postPurchase: false, contactDueAt: '2026-12-01T15:00:00.000Z' },
  },
] as const;
