import type { Services } from '../../src/services/index.js';
import type { DashboardViewer } from '../../src/views/dashboard/period.js';
import type { Html } from './html.js';

/** Who is reading a dashboard page: a signed-in person, in their own language and zone (the view models' viewer). */
export type DashboardReader = DashboardViewer;

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
