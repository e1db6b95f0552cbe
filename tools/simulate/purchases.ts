import type { Customer, HandoffContext } from '../../src/domain/types.js';
import { isWorkingTime } from '../../src/time/calendar.js';
import { calendarOf, membersOf } from './org.js';
import type { Random } from './random.js';

const FIRST = ['Min-jun', 'Ana', 'Lukas', 'Priyanka', 'Haruto', 'Sofía', 'Olu', 'Emma', 'Ji-ho', 'Mateo'];
const LAST = ['Kim', 'García', 'Schmidt', 'Iyer', 'Sato', 'Okafor', 'Smith', 'Park', 'Rossi', 'Novak'];
const WORDS = [
  'Acme',
  'Blue',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
];
const KINDS = ['Corp', 'Labs', 'Foods', 'Logistics', 'Health', 'Retail', 'Bank', 'Studios'];
const SALES = calendarOf('sales');

/**
 * Purchases per minute, relatively: mostly while sales works in New York,
 * some from the web shop at night and at weekends.
 */
export function purchaseRate(t: number): number {
  if (isWorkingTime(SALES, new Date(t))) return 1;
  return new Date(t).getUTCDay() % 6 === 0 ? 0.03 : 0.08;
}

/** A customer as the CRM had them the moment they bought: in sales, owned by a rep. */
export function aPurchasingCustomer(rnd: Random, i: number, at: string): Customer {
  const contact = `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`;
  return {
    id: `cus${String(i).padStart(4, '0')}`,
    // Four digits: no customer's name is the beginning of another's, so a message names exactly one.
    name: `${rnd.pick(WORDS)} ${rnd.pick(KINDS)} ${String(i).padStart(4, '0')}`,
    aliases: [],
    externalIds: { crm: `crm-${i}` },
    language: rnd.pick(['en', 'en', 'en', 'ko', 'de', 'es', 'ja']),
    contacts: [{ name: contact, email: `${contact.split(' ')[0]?.toLowerCase()}@c${i}.example` }],
    stage: 'sales',
    team: 'sales',
    owner: rnd.pick(membersOf('sales')),
    postPurchase: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** What the sales-to-delivery playbook requires. */
export function purchaseContext(c: Customer): HandoffContext {
  return {
    summary: 'Annual plan, 25 seats',
    goLiveDate: '2027-05-03',
    keyContact: c.contacts[0]?.name ?? '',
  };
}
