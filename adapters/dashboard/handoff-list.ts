import { z } from 'zod';
import type { JourneyFact } from '../../src/analytics/fact.js';
import { HANDOFF_STATES } from '../../src/domain/types.js';
import type { Customer } from '../../src/store/store.js';
import { mondayOf } from '../../src/time/weeks.js';
import { customersOf as customersIn } from '../export/customers-of.js';
import { HANDOFF_COLUMNS, handoffPages, newestFirst } from '../export/handoff-rows.js';
import type { ExportSource } from '../export/stream.js';
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
export function customersOf(ctx: PageContext, ids: readonly string[]): Promise<Map<string, Customer>> {
  return customersIn(ctx.services.deps.store, ids);
}

export function handoffExport(ctx: PageContext, facts: readonly JourneyFact[]): ExportSource {
  return {
    name: `baton-handoffs-${ctx.now.toISOString().slice(0, 10)}`,
    columns: HANDOFF_COLUMNS,
    pages: handoffPages(ctx.services.deps.store, facts),
  };
}
