import type { Services } from '../../src/services/index.js';
import type { Html } from './html.js';

/** Who is reading a dashboard page: a signed-in person, in their own language and zone. */
export interface DashboardReader {
  person: string;
  locale: string;
  timeZone: string;
  /** An admin or any team's lead: every team, every customer. */
  readsEverything: boolean;
  /** The teams whose handoffs this reader sees (all teams when `readsEverything`). */
  teams: readonly string[];
}

export interface PageContext {
  reader: DashboardReader;
  now: Date;
  services: Services;
  /** The page's query string: filters live here, so every view is a link. */
  query: URLSearchParams;
  /** A dashboard URL (path under /dashboard, e.g. `/gaps`) with its query. */
  href(path: string, params?: Record<string, string | undefined>): string;
}

export type PageResult =
  | { kind: 'page'; title: string; body: Html }
  | { kind: 'status'; status: 403 | 404; message: string };

/** One dashboard page: reads through the services, answers markup for the shared layout. */
export type Page = (ctx: PageContext) => Promise<PageResult>;
