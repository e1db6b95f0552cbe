import { createDashboardAdapter } from '../../../adapters/dashboard/index.js';
import type { JourneyFact, JourneyPatch } from '../../../src/analytics/fact.js';
import type { Store } from '../../../src/store/store.js';
import { type StartOptions, startTestBaton, type TestBaton } from '../../support/harness.js';

/** A whole Baton with the dashboard (and nothing else) on a loopback port, manual clock. */
export function startDashboard(opts: Partial<StartOptions> = {}): Promise<TestBaton> {
  return startTestBaton({ adapters: async (ctx) => [await createDashboardAdapter(ctx)], ...opts });
}

/** The one-time link Baton would send `person` in chat, pointed at the test server. */
export async function linkFor(t: TestBaton, person: string): Promise<string> {
  const r = await t.baton.services.requestDashboardLink(person);
  if (!r.ok) throw new Error(`no link for ${person}: ${JSON.stringify(r.failure)}`);
  const u = new URL(r.value.url);
  return `${t.url}${u.pathname}${u.search}`;
}

/** Opens the link as a browser would (without following the redirect) and returns `name=value` of the cookie. */
export async function signIn(t: TestBaton, person: string): Promise<string> {
  const res = await fetch(await linkFor(t, person), { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export function get(t: TestBaton, path: string, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}${path}`, {
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...headers },
  });
}

/** The log-out form's CSRF token, read from a page the way a browser would submit it. */
export function csrfOf(page: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(page);
  if (!m?.[1]) throw new Error('no log-out form on the page');
  return m[1];
}

/**
 * Journey facts written straight into the rollup, as the analytics recorder
 * writes them on each commit: lists of thousands of handoffs without driving
 * thousands of handoffs.
 */
export async function seedFacts(store: Store, facts: readonly JourneyFact[]): Promise<void> {
  const journey: JourneyPatch[] = facts.map((f) => {
    const { handoffId, declines, declineReasons, reassigns, escalations, ...set } = f;
    return { handoffId, set, add: { declines, declineReasons, reassigns, escalations } };
  });
  for (let i = 0; i < journey.length; i += 1_000) {
    const r = await store.commit({ journey: journey.slice(i, i + 1_000) });
    if (!r.ok) throw new Error(`seeding facts failed: ${JSON.stringify(r)}`);
  }
}

export function aFact(
  over: Partial<JourneyFact> & Pick<JourneyFact, 'handoffId' | 'customerId'>,
): JourneyFact {
  return {
    playbook: 'sales-to-delivery',
    from: 'sales',
    to: 'delivery',
    source: 'person',
    language: 'en',
    week: '2026-11-16',
    startedAt: '2026-11-17T10:00:00.000Z',
    state: 'open',
    sender: 'sam',
    declines: 0,
    declineReasons: [],
    reassigns: 0,
    escalations: 0,
    updatedAt: '2026-11-17T10:00:00.000Z',
    ...over,
  };
}
