import type { Exporter } from './exporter.js';
import type { NavKey } from './layout.js';
import type { Page } from './page.js';
import { auditExporter, auditPage } from './pages/audit.js';
import { customerPage } from './pages/customer.js';
import { gapsPage } from './pages/gaps.js';
import { handoffsExport, handoffsPage } from './pages/handoffs.js';
import { overviewPage } from './pages/overview.js';
import { teamsPage } from './pages/teams.js';

export interface DashboardRoute {
  page: Page;
  /** Marked as the current page in the navigation. */
  nav?: NavKey;
  /** Its list as CSV and JSON Lines (`?format=`), with the page's permissions. */
  exporter?: Exporter;
}

const PAGES: Readonly<Record<string, DashboardRoute>> = {
  '/dashboard': { page: overviewPage, nav: 'overview' },
  '/dashboard/teams': { page: teamsPage, nav: 'teams' },
  '/dashboard/gaps': { page: gapsPage, nav: 'gaps' },
  '/dashboard/handoffs': { page: handoffsPage, nav: 'handoffs', exporter: handoffsExport },
  '/dashboard/audit': { page: auditPage, nav: 'audit', exporter: auditExporter },
};

const CUSTOMER = /^\/dashboard\/customers\/([^/]+)$/;

/** The page a dashboard path names, or undefined (a 404 page). */
export function routeOf(path: string): DashboardRoute | undefined {
  const trimmed = path.length > '/dashboard'.length ? path.replace(/\/+$/, '') : path;
  if (Object.hasOwn(PAGES, trimmed)) return PAGES[trimmed];
  const m = CUSTOMER.exec(trimmed);
  if (!m?.[1]) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
  return { page: customerPage(id) };
}
