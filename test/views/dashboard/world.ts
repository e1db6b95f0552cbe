import path from 'node:path';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { batonRegistry } from '../../../app/registry.js';
import type { JourneyFact, JourneyPatch } from '../../../src/analytics/fact.js';
import { manualClock, sequentialIds } from '../../../src/clock.js';
import { createDirectory } from '../../../src/config/directory.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { silentLogger } from '../../../src/log.js';
import { loadPlaybooks } from '../../../src/playbooks/load-playbooks.js';
import { createServices, type Services } from '../../../src/services/index.js';
import type { Store } from '../../../src/store/store.js';
import type { DashboardViewer } from '../../../src/views/dashboard/period.js';
import { REPO } from '../../support/harness.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface World {
  store: Store;
  services: Services;
  clock: ReturnType<typeof manualClock>;
}

/** The bundled example organisation on a memory store, with a manual clock. */
export async function world(now: string): Promise<World> {
  const clock = manualClock(now);
  const loaded = await loadConfig(path.join(REPO, 'baton.config.example.yaml'), batonRegistry.platforms);
  const playbooks = await loadPlaybooks(path.join(REPO, 'handoffs'), loaded.config);
  const dir = createDirectory(loaded.config, playbooks, batonRegistry);
  const store = createMemoryStore();
  const services = createServices({
    store,
    dir,
    clock,
    ids: sequentialIds('dash'),
    log: silentLogger,
    platforms: [],
  });
  return { store, services, clock };
}

export type FactInput = Partial<
  Omit<JourneyFact, 'declines' | 'declineReasons' | 'reassigns' | 'escalations'>
> &
  Pick<JourneyFact, 'handoffId' | 'week' | 'from' | 'to'> & {
    declineReasons?: string[];
    reassigns?: number;
    escalations?: number;
  };

/** A journey patch as the recorder would write it when a handoff started (and since changed). */
export function patchOf(f: FactInput): JourneyPatch {
  const { handoffId, declineReasons = [], reassigns = 0, escalations = 0, ...rest } = f;
  const startedAt = rest.startedAt ?? `${rest.week}T14:00:00.000Z`;
  return {
    handoffId,
    set: {
      customerId: `cust-${handoffId}`,
      playbook: `${rest.from}-to-${rest.to}`,
      source: 'person',
      language: 'en',
      state: 'open',
      sender: 'sam',
      updatedAt: startedAt,
      ...rest,
      startedAt,
    },
    add: { declines: declineReasons.length, declineReasons, reassigns, escalations },
  };
}

/** Commits the facts through the store, as every engine takes them. */
export async function commitFacts(store: Store, facts: readonly FactInput[]): Promise<void> {
  const r = await store.commit({ journey: facts.map(patchOf) });
  if (!r.ok) throw new Error(`commit failed: ${JSON.stringify(r)}`);
}

export const lead = (person = 'dana', locale = 'en'): DashboardViewer => ({
  person,
  locale,
  timeZone: 'America/New_York',
  readsEverything: true,
  teams: ['marketing', 'sales', 'delivery', 'care'],
});

export const member = (person: string, team: string, locale = 'en'): DashboardViewer => ({
  person,
  locale,
  timeZone: 'America/New_York',
  readsEverything: false,
  teams: [team],
});
