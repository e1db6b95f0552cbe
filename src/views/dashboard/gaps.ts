import { z } from 'zod';
import type { Option, ViewInput } from './period.js';

export interface GapRow {
  customerId: string;
  customerName: string;
  team: string;
  teamName: string;
  owner?: string;
  ownerName?: string;
  lead?: string;
  leadName?: string;
  /** When the next contact was owed. */
  contactDueAt?: string;
  overdueMs: number;
  lastContactAt?: string;
  /**
   * Whole days without contact: since the last contact, or since the purchase
   * when nobody ever made contact. Undefined when neither is known.
   */
  daysSilent?: number;
  neverContacted: boolean;
}

export interface GapsModel {
  team?: string;
  teams: Option[];
  /** This page of them, worst (longest overdue) first. */
  rows: GapRow[];
  /** How many customers are past their contact SLA (for this reader and filter), all pages. */
  total: number;
  page: number;
  pages: number;
}

/** Rows a page: a page of ten thousand rows helps no reader and takes long to send. */
export const GAPS_PER_PAGE = 50;

const DAY_MS = 86_400_000;
const teamParam = z.string().trim().min(1).max(100).optional().catch(undefined);
const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);

/**
 * Customers past their contact SLA now, under the same SLA rule as
 * `/cx gaps`, a page read from the store: a member sees only the customers
 * their teams hold now.
 */
export async function gapsModel(input: ViewInput): Promise<GapsModel> {
  const { services, viewer, now } = input;
  const dir = services.deps.dir;
  const team = teamParam.parse(input.query.get('team') ?? undefined);
  const teams =
    team === undefined
      ? viewer.readsEverything
        ? undefined
        : viewer.teams
      : viewer.readsEverything || viewer.teams.includes(team)
        ? [team]
        : [];
  const asked = pageParam.parse(input.query.get('page') ?? 1);
  const pageOf = (page: number) =>
    services.gapsPage({
      ...(teams ? { teams } : {}),
      offset: (page - 1) * GAPS_PER_PAGE,
      limit: GAPS_PER_PAGE,
    });
  let found = await pageOf(asked);
  const pages = Math.max(1, Math.ceil(found.total / GAPS_PER_PAGE));
  const page = Math.min(asked, pages);
  // A page past the last (an old link, a typed URL) shows the last one.
  if (page !== asked) found = await pageOf(page);
  const rows = found.gaps.map((g): GapRow => {
    const c = g.customer;
    const lead = dir.team(c.team)?.lead;
    const silentSince = c.lastContactAt ?? c.purchasedAt;
    return {
      customerId: c.id,
      customerName: c.name,
      team: c.team,
      teamName: dir.teamName(c.team),
      ...(c.owner ? { owner: c.owner, ownerName: dir.personName(c.owner) } : {}),
      ...(lead ? { lead, leadName: dir.personName(lead) } : {}),
      ...(c.contactDueAt ? { contactDueAt: c.contactDueAt } : {}),
      overdueMs: g.overdueMs,
      ...(c.lastContactAt ? { lastContactAt: c.lastContactAt } : {}),
      ...(silentSince
        ? { daysSilent: Math.max(0, Math.floor((now.getTime() - Date.parse(silentSince)) / DAY_MS)) }
        : {}),
      neverContacted: c.lastContactAt === undefined,
    };
  });
  const teamKeys = new Set([...(viewer.readsEverything ? dir.journey : viewer.teams)]);
  if (viewer.readsEverything) for (const k of Object.keys(dir.config.teams)) teamKeys.add(k);
  // A team no longer configured still holds customers: those shown can be picked.
  for (const g of found.gaps) if (viewer.readsEverything) teamKeys.add(g.customer.team);
  return {
    ...(team !== undefined ? { team } : {}),
    teams: [...teamKeys].map((value) => ({ value, label: dir.teamName(value) })),
    rows,
    total: found.total,
    page,
    pages,
  };
}
