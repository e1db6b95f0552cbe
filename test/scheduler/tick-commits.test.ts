import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { batonRegistry } from '../../app/registry.js';
import { manualClock, randomIds } from '../../src/clock.js';
import { createDirectory } from '../../src/config/directory.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Delivery, FollowUp } from '../../src/domain/types.js';
import { silentLogger } from '../../src/log.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';
import { tick } from '../../src/scheduler/tick.js';
import type { ChangeSet, CommitResult, Store } from '../../src/store/store.js';
import { aCustomer, aFollowUp, aHandoff } from '../adapters/store/builders.js';
import { REPO, tempDir } from '../support/harness.js';

const NOW = new Date('2031-05-05T09:00:00.000Z');
const PEOPLE = ['tom', 'dana', 'priya'] as const;

const loaded = await loadConfig(path.join(REPO, 'baton.config.example.yaml'), batonRegistry.platforms);
const dir = createDirectory(
  loaded.config,
  await loadPlaybooks(path.join(REPO, 'handoffs'), loaded.config),
  batonRegistry,
);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const stores: Record<string, () => Promise<Store>> = {
  memory: async () => createMemoryStore(),
  'data file': async () => {
    const tmp = await tempDir();
    const store = await openLowdbStore({ file: path.join(tmp.dir, 'baton.json'), clock: manualClock(NOW) });
    cleanups.push(async () => {
      await store.close();
      await tmp.cleanup();
    });
    return store;
  },
};

/** One customer and open handoff per person, each with an accept nudge due now. */
async function duePerPerson(store: Store): Promise<Map<string, FollowUp>> {
  const due = new Map<string, FollowUp>();
  const change: Required<Pick<ChangeSet, 'customers' | 'handoffs' | 'followUps'>> = {
    customers: [],
    handoffs: [],
    followUps: [],
  };
  for (const person of PEOPLE) {
    const c = aCustomer({ owner: person, postPurchase: false });
    const h = aHandoff(c.id, { assignee: person, openedAt: NOW.toISOString() });
    const f = aFollowUp(c.id, h.id, {
      recipient: { kind: 'person', person },
      dueAt: new Date(NOW.getTime() - 1_000).toISOString(),
    });
    change.customers.push({ value: c, expectedVersion: null });
    change.handoffs.push({ value: h, expectedVersion: null });
    change.followUps.push(f);
    due.set(person, f);
  }
  const r = await store.commit(change);
  if (!r.ok) throw new Error(`seed: ${JSON.stringify(r)}`);
  return due;
}

/** The store, with every commit it was asked for and what it answered; `before` runs ahead of each. */
function watched(store: Store, before?: (change: ChangeSet) => Promise<void>) {
  const commits: Array<{ change: ChangeSet; result: CommitResult }> = [];
  const wrapped: Store = {
    ...store,
    async commit(change) {
      await before?.(change);
      const result = await store.commit(change);
      commits.push({ change, result });
      return result;
    },
  };
  return { store: wrapped, commits };
}

/** Pending reminder DMs by person, with the follow-ups each carries. */
async function remindersByPerson(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const pending: Delivery[] = await store.listDeliveries({ status: 'pending' });
  for (const d of pending) {
    if (d.message.type !== 'reminder' || d.target.kind !== 'person') continue;
    out[d.target.person] = d.message.followUps.map((f) => f.id);
  }
  return out;
}

const deps = (store: Store) => ({
  store,
  dir,
  clock: manualClock(NOW),
  ids: randomIds,
  log: silentLogger,
  platforms: ['slack'] as const,
  replica: 'r1',
});

describe.each(Object.entries(stores))('A tick on the %s store', (_name, open) => {
  it("sends each person their reminder in one commit for everyone's", async () => {
    const store = await open();
    const due = await duePerPerson(store);
    const w = watched(store);

    expect(await tick(deps(w.store))).toMatchObject({ claimed: 3, messages: 3, stale: 0 });

    expect(w.commits).toHaveLength(1);
    expect(await remindersByPerson(store)).toEqual(
      Object.fromEntries(PEOPLE.map((p) => [p, [due.get(p)?.id]])),
    );
    expect(await store.listFollowUps({ status: 'pending' })).toEqual([]);
  });

  it('holds back only the reminder whose follow-up an accept cancelled between the claim and the commit', async () => {
    const store = await open();
    const due = await duePerPerson(store);
    const dana = due.get('dana') as FollowUp;
    let accepted = false;
    // Dana accepts her handoff while the tick builds the messages: her nudge is cancelled first.
    const w = watched(store, async () => {
      if (accepted) return;
      accepted = true;
      const r = await store.commit({
        followUps: [
          { ...dana, status: 'cancelled', cancelledAt: NOW.toISOString(), cancelReason: 'accepted' },
        ],
      });
      if (!r.ok) throw new Error(`accept: ${JSON.stringify(r)}`);
    });

    expect(await tick(deps(w.store))).toMatchObject({ claimed: 3, messages: 2 });

    // The commit for all three was refused as a whole; each person's then went on its own.
    expect(w.commits[0]?.result).toEqual({ ok: false, reason: 'conflict', entity: 'followUp', id: dana.id });
    const own = w.commits.slice(1).map((c) => ({ sent: c.change.followUpsSent, ok: c.result.ok }));
    expect(own).toHaveLength(3);
    for (const c of own) expect(c.ok).toBe(!c.sent?.includes(dana.id));
    expect(await remindersByPerson(store)).toEqual({
      tom: [due.get('tom')?.id],
      priya: [due.get('priya')?.id],
    });
  });
});
