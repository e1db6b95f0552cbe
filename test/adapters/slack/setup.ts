import { createDashboardAdapter } from '../../../adapters/dashboard/index.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import type { Customer } from '../../../src/domain/types.js';
import type { Logger } from '../../../src/log.js';
import type { Store } from '../../../src/store/store.js';
import { startTestBaton, type TestBaton } from '../../support/harness.js';
import { FakeSlack } from './fake-slack.js';
import { SlackClient } from './slack-client.js';

export const SECRET = 'test-signing-secret';
export const TOKEN = 'xoxb-test-token';

export interface SlackTest {
  t: TestBaton;
  fake: FakeSlack;
  slack: SlackClient;
  /** Moves the clock and runs a full scheduler pass (follow-ups, outbox) with the new time. */
  pass(ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A whole Baton with the Slack adapter, against a fake Slack on loopback. */
export async function startSlackTest(
  opts: {
    perSecond?: number;
    now?: string;
    env?: Record<string, string>;
    authError?: string;
    apiTimeoutMs?: number;
    store?: Store;
    workConcurrency?: number;
    maxQueued?: number;
    /** Serve the web dashboard too, as `baton start` does. */
    dashboard?: boolean;
    log?: Logger;
  } = {},
): Promise<SlackTest> {
  const fake = await new FakeSlack().start();
  fake.authError = opts.authError;
  const t = await startTestBaton({
    adapters: async (ctx) => [
      await createSlackAdapter(ctx, {
        perSecond: opts.perSecond ?? 1_000,
        recheckMs: 0,
        ...(opts.apiTimeoutMs ? { apiTimeoutMs: opts.apiTimeoutMs } : {}),
        ...(opts.workConcurrency ? { workConcurrency: opts.workConcurrency } : {}),
        ...(opts.maxQueued ? { maxQueued: opts.maxQueued } : {}),
      }),
      ...(opts.dashboard ? [await createDashboardAdapter(ctx)] : []),
    ],
    env: { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, ...opts.env },
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const slack = new SlackClient(t.url, SECRET, fake);
  return {
    t,
    fake,
    slack,
    async pass(ms = 0) {
      // A pass started before the clock moved may still be running: run one more after it.
      await t.advance(ms);
      await t.baton.runOnce();
    },
    async stop() {
      await t.stop();
      await fake.close();
    },
  };
}

export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  const at = '2026-11-01T10:00:00.000Z';
  return {
    id: 'cus_acme',
    name: 'Acme Corp',
    aliases: ['Acme'],
    externalIds: { crm: 'crm-42' },
    domain: 'acme.example',
    language: 'ko',
    contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example', role: 'sponsor' }],
    stage: 'sales',
    team: 'sales',
    owner: 'sam',
    postPurchase: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

export async function seedCustomers(store: Store, customers: Customer[]): Promise<void> {
  const r = await store.commit({ customers: customers.map((value) => ({ value, expectedVersion: null })) });
  if (!r.ok) throw new Error(`could not seed customers: ${JSON.stringify(r)}`);
}

/**
 * A memory store whose name look-ups wait, once `hold()` is called, until `release()`: a command
 * that looks a customer up then keeps its work slot, and what follows queues behind it.
 */
export function storeWithHeldLookUps(): { store: Store; hold(): void; release(): void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let holding = false;
  const memory = createMemoryStore();
  const store: Store = {
    ...memory,
    customerNames: async () => {
      if (holding) await gate;
      return memory.customerNames();
    },
    customerNamesSince: async (version) => {
      if (holding) await gate;
      return (
        (await memory.customerNamesSince?.(version)) ?? { version: 0, all: await memory.customerNames() }
      );
    },
  };
  return {
    store,
    hold: () => {
      holding = true;
    },
    release: () => release(),
  };
}
