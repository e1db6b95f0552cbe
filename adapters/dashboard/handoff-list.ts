import { z } from 'zod';
import type { JourneyFact } from '../../src/analytics/fact.js';
import { HANDOFF_STATES } from '../../src/domain/types.js';
import type { Customer } from '../../src/store/store.js';
import { mondayOf } from '../../src/time/weeks.js';
import type { ExportRow, ExportSource } from './export.js';
import type { PageContext } from './page.js';
import { field, format, isoDate, pageNumber, queryObject } from './query.js';

export const handoffQuery = z.object({
  team: field(z.string().max(64)),
  state: field(z.enum(HANDOFF_STATES)),
  fromWeek: field(isoDate),
  toWeek: field(isoDate),
  source: field(z.string().regex(/^[a-z0-9_.-]{1,40}$/)),
  language: field(z.string().regex(/^[a-z]{2,3}$/)),
  playbook: field(z.string().regex(/^[A-Za-z0-9_-]{1,80}$/)),
  page: pageNumber,
  format,
});
export type HandoffQuery = z.infer<typeof handoffQuery>;

export type HandoffList =
  | { kind: 'forbidden' }
  | {
      kind: 'list';
      query: HandoffQuery;
      /** Matching handoffs, newest first. */
      facts: JourneyFact[];
      /** The sources and languages in the reader's scope, for the filter choices. */
      sources: string[];
      languages: string[];
    };

const newestFirst = (a: JourneyFact, b: JourneyFact) =>
  a.startedAt === b.startedAt
    ? a.handoffId < b.handoffId
      ? 1
      : a.handoffId > b.handoffId
        ? -1
        : 0
    : a.startedAt < b.startedAt
      ? 1
      : -1;

/**
 * The handoffs a reader may list, filtered by the query string: from the
 * journey rollup (one row per handoff), never from history. A member sees
 * those from or to their team; asking for another team is refused, not
 * quietly emptied, so a shared link says why it shows nothing.
 */
export async function readHandoffs(ctx: PageContext): Promise<HandoffList> {
  const { dir, store } = ctx.services.deps;
  const q = handoffQuery.parse(queryObject(ctx.query));
  if (q.team !== undefined && !dir.team(q.team)) q.team = undefined;
  if (q.playbook !== undefined && !dir.playbook(q.playbook)) q.playbook = undefined;
  if (q.team !== undefined && !ctx.reader.teams.includes(q.team)) return { kind: 'forbidden' };
  const teams = q.team !== undefined ? [q.team] : ctx.reader.readsEverything ? undefined : ctx.reader.teams;
  const all = await store.journeyFacts({
    ...(q.fromWeek ? { fromWeek: mondayOf(q.fromWeek) } : {}),
    ...(q.toWeek ? { toWeek: mondayOf(q.toWeek) } : {}),
    ...(teams ? { teams } : {}),
  });
  const sources = new Set<string>();
  const languages = new Set<string>();
  const facts: JourneyFact[] = [];
  for (const f of all) {
    sources.add(f.source);
    languages.add(f.language);
    if (q.state !== undefined && f.state !== q.state) continue;
    if (q.source !== undefined && f.source !== q.source) continue;
    if (q.language !== undefined && f.language !== q.language) continue;
    if (q.playbook !== undefined && f.playbook !== q.playbook) continue;
    facts.push(f);
  }
  facts.sort(newestFirst);
  return { kind: 'list', query: q, facts, sources: [...sources].sort(), languages: [...languages].sort() };
}

/** The customers named on one page of rows, read in one go. */
export async function customersOf(ctx: PageContext, ids: readonly string[]): Promise<Map<string, Customer>> {
  const found = await ctx.services.deps.store.getCustomers([...new Set(ids)]);
  return new Map(found.map((c) => [c.id, c]));
}

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
export const EXPORT_PAGE = 500;

export function handoffExport(ctx: PageContext, facts: readonly JourneyFact[]): ExportSource {
  return {
    name: `baton-handoffs-${ctx.now.toISOString().slice(0, 10)}`,
    columns: HANDOFF_COLUMNS,
    pages: (async function* () {
      for (let i = 0; i < facts.length; i += EXPORT_PAGE) {
        const slice = facts.slice(i, i + EXPORT_PAGE);
        const customers = await customersOf(
          ctx,
          slice.map((f) => f.customerId),
        );
        yield slice.map((f) => exportRow(f, customers.get(f.customerId)));
      }
    })(),
  };
}

function exportRow(f: JourneyFact, c: Customer | undefined): ExportRow {
  return {
    handoff_id: f.handoffId,
    customer_id: f.customerId,
    // An erased customer's name is gone: the row stays, anonymous.
    customer: c && !c.erasedAt ? c.name : null,
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
