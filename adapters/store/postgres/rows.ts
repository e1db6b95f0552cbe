import type {
  CardRef,
  Customer,
  Delivery,
  FollowUp,
  Handoff,
  HistoryEntry,
  InboundEvent,
} from '../../../src/domain/types.js';
import { isClosedState } from '../../../src/domain/types.js';

/**
 * Records to the values of their table's columns, in the order of the column
 * lists below. The whole record always goes to `data`; the other columns are
 * copies of what queries filter, order or lock on.
 */
export interface Columns {
  names: readonly string[];
  /** SQL casts per column, so text parameters land in the right types. */
  casts: readonly string[];
}

const cols = (spec: Array<[string, string?]>): Columns => ({
  names: spec.map(([n]) => n),
  casts: spec.map(([, c]) => (c ? `::${c}` : '')),
});

/**
 * JSON for a jsonb column. PostgreSQL refuses NUL and unpaired surrogates in
 * jsonb text, so one odd character in a webhook body would fail its commit on
 * every retry: those characters become U+FFFD instead. The check is on the
 * serialised text, so ordinary records pay for one regex test.
 */
export function toJson(v: unknown): string {
  const text = JSON.stringify(v);
  if (text === undefined || !/\\u(0000|d[89a-f])/i.test(text)) return text;
  return JSON.stringify(v, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(UNSTORABLE, '\ufffd') : value,
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what jsonb cannot hold.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const json = toJson;
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export const CUSTOMER = cols([
  ['id'],
  ['version', 'int'],
  ['name'],
  ['team'],
  ['owner'],
  ['post_purchase', 'boolean'],
  ['contact_due_at', 'timestamptz'],
  ['external_ids', 'jsonb'],
  ['match_keys', 'text[]'],
  ['data', 'jsonb'],
]);

export function customerValues(c: Customer): unknown[] {
  return [
    c.id,
    c.version,
    c.name,
    c.team,
    orNull(c.owner),
    c.postPurchase,
    orNull(c.contactDueAt),
    json(c.externalIds ?? {}),
    matchKeys(c),
    json(c),
  ];
}

/** The keys `findCustomerByEmailOrDomain` matches: the domain and every contact email, lower-cased. */
export function matchKeys(c: Customer): string[] {
  const keys = new Set<string>();
  if (c.domain) keys.add(c.domain.toLowerCase());
  for (const contact of c.contacts ?? []) if (contact.email) keys.add(contact.email.toLowerCase());
  return [...keys];
}

export const HANDOFF = cols([
  ['id'],
  ['customer_id'],
  ['version', 'int'],
  ['state'],
  ['closed', 'boolean'],
  ['from_team'],
  ['to_team'],
  ['sender'],
  ['assignee'],
  ['owner'],
  ['created_at', 'timestamptz'],
  ['data', 'jsonb'],
]);

export function handoffValues(h: Handoff): unknown[] {
  const closed = isClosedState(h.state);
  return [
    h.id,
    h.customerId,
    h.version,
    h.state,
    closed,
    h.from,
    h.to,
    orNull(h.sender),
    orNull(h.assignee),
    orNull(h.owner),
    h.createdAt,
    // A closed handoff lives in history; the row is only its tombstone.
    closed ? null : json(h),
  ];
}

export const FOLLOW_UP = cols([
  ['id'],
  ['customer_id'],
  ['handoff_id'],
  ['person'],
  ['status'],
  ['due_at', 'timestamptz'],
  ['lease_until', 'timestamptz'],
  ['lease_owner'],
  ['data', 'jsonb'],
]);

export function followUpValues(f: FollowUp): unknown[] {
  const person = f.recipient.kind === 'person' ? f.recipient.person : null;
  return [
    f.id,
    f.customerId,
    orNull(f.handoffId),
    person,
    f.status,
    f.dueAt,
    orNull(f.leaseUntil),
    orNull(f.leaseOwner),
    json(f),
  ];
}

export const DELIVERY = cols([
  ['id'],
  ['key'],
  ['status'],
  ['next_attempt_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['sent_at', 'timestamptz'],
  ['lease_until', 'timestamptz'],
  ['lease_owner'],
  ['data', 'jsonb'],
]);

export function deliveryValues(d: Delivery): unknown[] {
  return [
    d.id,
    d.key,
    d.status,
    d.nextAttemptAt,
    d.createdAt,
    // A sent delivery needs a time for pruning even if the caller left it out.
    d.status === 'sent' ? (d.sentAt ?? d.nextAttemptAt) : orNull(d.sentAt),
    orNull(d.leaseUntil),
    orNull(d.leaseOwner),
    json(d),
  ];
}

export const CARD_REF = cols([['id'], ['handoff_id'], ['posted_at', 'timestamptz'], ['data', 'jsonb']]);

export const cardRefValues = (r: CardRef): unknown[] => [r.id, r.handoffId, r.postedAt, json(r)];

export const INBOUND = cols([
  ['source'],
  ['id'],
  ['status'],
  ['received_at', 'timestamptz'],
  ['lease_until', 'timestamptz'],
  ['lease_owner'],
  ['data', 'jsonb'],
]);

export function inboundValues(e: InboundEvent): unknown[] {
  return [e.source, e.id, e.status, e.receivedAt, orNull(e.leaseUntil), orNull(e.leaseOwner), json(e)];
}

export const HISTORY = cols([
  ['customer_id'],
  ['kind'],
  ['entry_id'],
  ['at', 'timestamptz'],
  ['data', 'jsonb'],
]);

export function historyValues(e: HistoryEntry): unknown[] {
  return [orNull(e.entry.customerId), e.kind, e.entry.id, e.at, json(e)];
}

/** `($1,$2::jsonb),($3,$4::jsonb)` for `rows` rows of `columns`. */
export function valuesList(columns: Columns, rows: number, offset = 0): string {
  const width = columns.names.length;
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = columns.casts.map((cast, i) => `$${offset + r * width + i + 1}${cast}`);
    out.push(`(${cells.join(',')})`);
  }
  return out.join(',');
}

/** `a = EXCLUDED.a, ...` for every column but the key columns. */
export function updateFromExcluded(columns: Columns, keys: readonly string[]): string {
  return columns.names
    .filter((n) => !keys.includes(n))
    .map((n) => `${n} = EXCLUDED.${n}`)
    .join(', ');
}

/** Splits a batch so one statement stays well under PostgreSQL's 65,535 parameters. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The last value for each key wins, as it would if the items were applied one by one. */
export function lastByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    map.delete(key);
    map.set(key, item);
  }
  return [...map.values()];
}
