import type { JourneyFact } from '../../src/analytics/fact.js';
import type { Customer, Store } from '../../src/store/store.js';
import { customersOf, exportedName } from './customers-of.js';
import type { ExportRow } from './stream.js';

export const HANDOFF_COLUMNS = [
  'handoff_id',
  'customer_id',
  'customer',
  'playbook',
  'from_team',
  'to_team',
  'source',
  'language',
  'week',
  'state',
  'started_at',
  'accepted_at',
  'contacted_at',
  'closed_at',
  'sender',
  'assignee',
  'owner',
  'declines',
  'reassigns',
  'escalations',
] as const;

/** Rows of the export read this many handoffs (and their customers) at a time. */
const EXPORT_PAGE = 500;

/** Rows for these facts (one per handoff, from the journey rollup), a page at a time with their customers. */
export async function* handoffPages(
  store: Store,
  facts: readonly JourneyFact[],
): AsyncGenerator<ExportRow[]> {
  for (let i = 0; i < facts.length; i += EXPORT_PAGE) {
    const slice = facts.slice(i, i + EXPORT_PAGE);
    const customers = await customersOf(
      store,
      slice.map((f) => f.customerId),
    );
    yield slice.map((f) => handoffRow(f, customers.get(f.customerId)));
  }
}

export function handoffRow(f: JourneyFact, c: Customer | undefined): ExportRow {
  return {
    handoff_id: f.handoffId,
    customer_id: f.customerId,
    customer: exportedName(c),
    playbook: f.playbook,
    from_team: f.from,
    to_team: f.to,
    source: f.source,
    language: f.language,
    week: f.week,
    state: f.state,
    started_at: f.startedAt,
    accepted_at: f.acceptedAt ?? null,
    contacted_at: f.contactedAt ?? null,
    closed_at: f.closedAt ?? null,
    sender: f.sender,
    assignee: f.assignee ?? null,
    owner: f.owner ?? null,
    declines: f.declines,
    reassigns: f.reassigns,
    escalations: f.escalations,
  };
}

/** Newest first, ties by id: the dashboard's list order. */
export const newestFirst = (a: JourneyFact, b: JourneyFact): number =>
  a.startedAt === b.startedAt
    ? a.handoffId < b.handoffId
      ? 1
      : a.handoffId > b.handoffId
        ? -1
        : 0
    : a.startedAt < b.startedAt
      ? 1
      : -1;
