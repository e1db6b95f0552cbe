import { randomUUID } from 'node:crypto';
import type {
  AuditEntry,
  CardRef,
  Customer,
  Delivery,
  FollowUp,
  Handoff,
  InboundEvent,
  Touchpoint,
} from '../../../src/domain/types.js';

/**
 * Records that look like what Baton really stores. Every id is fresh, so a
 * test never sees another test's data even in a shared PostgreSQL database.
 */
export const uid = (prefix: string): string => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

export const at = (iso: string, plusMs = 0): string => new Date(Date.parse(iso) + plusMs).toISOString();

const T0 = '2026-11-23T10:00:00.000Z';
const MIN = 60_000;
const HOUR = 60 * MIN;

export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  const id = overrides.id ?? uid('cus');
  const tag = id.slice(-8);
  return {
    id,
    name: `Acme Corp ${tag}`,
    aliases: [`Acme ${tag}`, `ACME-${tag}`],
    externalIds: { hubspot: `hs-${tag}`, crm: `crm-${tag}` },
    domain: `acme-${tag}.example`,
    language: 'ko',
    contacts: [
      { name: 'Min-jun Kim', email: `mj@acme-${tag}.example`, role: 'sponsor', phone: '+82 2 555 0100' },
      { name: 'Sara Lee', email: `sara.lee@acme-${tag}.example`, role: 'admin' },
    ],
    stage: 'delivery',
    team: 'delivery',
    owner: 'omar',
    postPurchase: true,
    purchasedAt: T0,
    lastContactAt: at(T0, 2 * HOUR),
    contactDueAt: at(T0, 48 * HOUR),
    createdAt: at(T0, -30 * 24 * HOUR),
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

export function aHandoff(customerId: string, overrides: Partial<Handoff> = {}): Handoff {
  const id = overrides.id ?? uid('hof');
  return {
    id,
    customerId,
    playbook: 'sales-to-delivery',
    from: 'sales',
    to: 'delivery',
    sender: 'dana',
    source: { kind: 'event', system: 'stripe', eventId: uid('evt') },
    state: 'open',
    assignee: 'omar',
    context: {
      summary: 'Annual plan, 40 seats. Wants SSO before go-live.',
      goLiveDate: '2027-01-15',
      dealValue: 120000,
      keyContact: 'Min-jun Kim <mj@acme.example>',
      promises: ['SSO by January', 'Korean-speaking onboarding'],
      language: 'ko',
    },
    note: 'Promised a Korean-speaking onboarding manager.',
    notes: [{ at: T0, by: 'dana', text: 'Champion is Min-jun; CFO signed.' }],
    round: 1,
    snoozeCount: 0,
    createdAt: T0,
    openedAt: T0,
    acceptDueAt: at(T0, 4 * HOUR),
    contactDueAt: at(T0, 48 * HOUR),
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

export function aFollowUp(
  customerId: string,
  handoffId: string,
  overrides: Partial<FollowUp> = {},
): FollowUp {
  const step = overrides.step ?? '50%';
  return {
    id: overrides.id ?? `${handoffId}:r1:accept:${step}:${uid('f')}`,
    customerId,
    handoffId,
    window: 'accept',
    kind: 'nudge',
    step,
    recipient: { kind: 'person', person: 'omar' },
    windowStart: T0,
    deadline: at(T0, 4 * HOUR),
    dueAt: at(T0, 2 * HOUR),
    status: 'pending',
    ...overrides,
  };
}

export function aDelivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: uid('dlv'),
    key: uid('key'),
    platform: 'slack',
    target: { kind: 'team', team: 'delivery' },
    message: { type: 'handoff-card', handoffId: uid('hof') },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  };
}

export function aCardRef(handoffId: string, overrides: Partial<CardRef> = {}): CardRef {
  return {
    id: uid('card'),
    handoffId,
    platform: 'slack',
    conversationId: 'C0DELIVERY',
    messageId: '1763892000.000100',
    postedAt: T0,
    ...overrides,
  };
}

export function aTouchpoint(customerId: string, overrides: Partial<Touchpoint> = {}): Touchpoint {
  return {
    id: uid('tp'),
    customerId,
    at: at(T0, HOUR),
    channel: 'call',
    by: 'omar',
    note: 'Kick-off call with Min-jun; SSO needs their IdP metadata.',
    source: 'slack',
    ...overrides,
  };
}

export function anAudit(customerId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: uid('aud'),
    at: T0,
    actor: 'dana',
    action: 'handoff.opened',
    subject: { type: 'customer', id: customerId },
    customerId,
    details: { playbook: 'sales-to-delivery', note: 'Champion: Min-jun Kim' },
    ...overrides,
  };
}

export function anInbound(overrides: Partial<InboundEvent> = {}): InboundEvent {
  return {
    source: 'stripe',
    id: uid('evt'),
    type: 'checkout.session.completed',
    receivedAt: T0,
    status: 'pending',
    payload: { customer: { id: 'cus_9', name: 'Acme Corp' }, amount_total: 1200000 },
    attempts: 0,
    ...overrides,
  };
}

/** The next version of a record, as a service would write it. */
export function bump<T extends { version: number; updatedAt: string }>(
  record: T,
  changes: Partial<T> = {},
): T {
  return { ...record, ...changes, version: record.version + 1, updatedAt: at(record.updatedAt, MIN) };
}

export const times = { T0, MIN, HOUR };
