import { batonRegistry } from '../../app/registry.js';
import { createDirectory, type Directory } from '../../src/config/directory.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Customer, FollowUp, Handoff } from '../../src/domain/types.js';
import { type Playbook, playbookSchema } from '../../src/playbooks/schema.js';

/** Sales in New York, Delivery in London, Care in Seoul and speaking Korean. */
const config = {
  defaults: { locale: 'en', timezone: 'America/New_York' },
  teams: {
    sales: { name: 'Sales', lead: 'dana', timezone: 'America/New_York' },
    delivery: { name: 'Delivery', lead: 'priya', timezone: 'Europe/London' },
    care: { name: 'Customer Care', lead: 'jiwoo', timezone: 'Asia/Seoul', locale: 'ko' },
  },
  people: {
    dana: { name: 'Dana Reyes', team: 'sales', timezone: 'America/New_York', locale: 'en' },
    priya: { name: 'Priya Shah', team: 'delivery', timezone: 'Europe/London', locale: 'en' },
    omar: { name: 'Omar Haddad', team: 'delivery', timezone: 'Europe/London', locale: 'en' },
    jiwoo: {
      name: 'Ji-woo Park',
      team: 'care',
      timezone: 'Asia/Seoul',
      locale: 'ko',
      languages: ['ko', 'en'],
    },
  },
};

function playbook(id: string, raw: unknown): Playbook {
  return { ...playbookSchema.parse(raw), id, file: `handoffs/${id}.yaml` };
}

const playbooks = [
  playbook('sales-to-delivery', {
    from: 'sales',
    to: 'delivery',
    postPurchase: true,
    context: {
      required: ['summary', 'goLiveDate', 'keyContact', 'implementationPartner'],
      optional: ['dealValue', 'promises', 'risks', 'language', 'links', 'successCriteria'],
    },
    assign: 'round-robin',
    sla: { accept: 'PT4H', firstContact: 'P2D' },
  }),
  playbook('care-cadence', { from: 'care', to: 'care', postPurchase: true, sla: { cadence: 'P30D' } }),
];

export const dir: Directory = createDirectory(
  parseConfig(config, 'test', batonRegistry.platforms),
  playbooks,
  batonRegistry,
);

export const T0 = '2026-11-23T12:00:00.000Z';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'cus_acme',
    name: 'Acme Corp',
    aliases: [],
    externalIds: { hubspot: '9001' },
    language: 'ko',
    contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example', role: 'sponsor' }],
    stage: 'delivery',
    team: 'delivery',
    postPurchase: true,
    purchasedAt: T0,
    lastContactAt: plus(T0, -3 * DAY),
    createdAt: plus(T0, -30 * DAY),
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

export function handoff(overrides: Partial<Handoff> = {}): Handoff {
  return {
    id: 'hof_1',
    customerId: 'cus_acme',
    playbook: 'sales-to-delivery',
    from: 'sales',
    to: 'delivery',
    sender: 'dana',
    source: { kind: 'person', platform: 'slack' },
    state: 'open',
    assignee: 'omar',
    context: {
      summary: 'Annual plan, 40 seats.',
      promises: ['SSO by January', 'Korean-speaking onboarding'],
      dealValue: 120000,
      goLiveDate: '2027-01-15',
      keyContact: 'Min-jun Kim <mj@acme.example>',
      implementationPartner: 'Globex Consulting',
      links: ['https://www.acme.example/contract.pdf', 'javascript:alert(1)'],
    },
    note: 'CFO signed; champion is Min-jun.',
    notes: [],
    round: 1,
    snoozeCount: 0,
    createdAt: T0,
    openedAt: T0,
    acceptDueAt: plus(T0, 4 * HOUR),
    contactDueAt: plus(T0, 2 * DAY),
    updatedAt: T0,
    version: 3,
    ...overrides,
  };
}

export function followUp(overrides: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 'hof_1:r1:accept:50%',
    customerId: 'cus_acme',
    handoffId: 'hof_1',
    window: 'accept',
    kind: 'nudge',
    step: '50%',
    recipient: { kind: 'person', person: 'omar' },
    windowStart: T0,
    deadline: plus(T0, 4 * HOUR),
    dueAt: plus(T0, 2 * HOUR),
    status: 'pending',
    ...overrides,
  };
}

export const NY = { locale: 'en', timeZone: 'America/New_York' };
export const SEOUL_KO = { locale: 'ko', timeZone: 'Asia/Seoul' };
