import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { randomIds, systemClock } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/types.js';
import { silentLogger } from '../../src/log.js';
import { conversationKey } from '../../src/outbox/conversation.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import type { PlatformAdapter } from '../../src/server/adapter.js';
import type { Store } from '../../src/store/store.js';
import { startTestBaton, type TestBaton } from '../support/harness.js';

/** Cards queued for the busy channel before anything else; it takes a post a second. */
const BACKLOG = 4;

/**
 * A platform paced like Slack (one post a second per conversation, real
 * timers) that notes when each post went out, and a webhook step (an
 * adapter's onTick) that notes when it ran.
 */
function world() {
  const posts: Array<{ conversation: string; at: number }> = [];
  const webhookRuns: number[] = [];
  const notifier: Notifier = {
    platform: 'slack',
    async send(item) {
      posts.push({ conversation: conversationKey(item.delivery), at: Date.now() });
      return {
        ok: true,
        ref: { conversationId: conversationKey(item.delivery), messageId: `m${posts.length}` },
      };
    },
    pacing: (item) => [{ key: conversationKey(item.delivery), perSecond: 1 }],
  };
  const platform: PlatformAdapter = { name: 'paced', routes: [], notifier };
  const webhooks: PlatformAdapter = {
    name: 'webhooks',
    routes: [],
    async onTick() {
      webhookRuns.push(Date.now());
    },
  };
  return { posts, webhookRuns, notifier, adapters: [platform, webhooks] };
}

const text = (target: Delivery['target'], n: number): Delivery => {
  const at = new Date().toISOString();
  return {
    id: `dlv_${target.kind}_${n}_${Math.random().toString(36).slice(2)}`,
    key: `key_${n}_${Math.random().toString(36).slice(2)}`,
    platform: 'slack',
    target,
    message: { type: 'text', text: `message ${n}` },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
  };
};

const BUSY = 'slack:team:busy';
const DM = 'slack:person:tom';
const OTHER = 'slack:team:other';

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

/**
 * The channel's backlog is queued; once its first card is out, a reminder
 * DM and another channel's card fall due. What a person notices: when those
 * two arrive, and whether webhooks were processed meanwhile.
 */
async function busyChannelScenario(store: Store, w: ReturnType<typeof world>) {
  await store.commit({
    deliveries: Array.from({ length: BACKLOG }, (_, i) => text({ kind: 'team', team: 'busy' }, i)),
  });
  await until(() => w.posts.some((p) => p.conversation === BUSY), 'the first card of the busy channel');
  await store.commit({
    deliveries: [text({ kind: 'person', person: 'tom' }, 100), text({ kind: 'team', team: 'other' }, 101)],
  });
  await until(() => w.posts.length === BACKLOG + 2, 'every post');
  const busy = w.posts.filter((p) => p.conversation === BUSY).map((p) => p.at);
  const at = (c: string) => w.posts.find((p) => p.conversation === c)?.at ?? Number.NaN;
  const first = busy[0] ?? 0;
  const last = busy[busy.length - 1] ?? 0;
  return {
    /** Cards of the busy channel that went out before the DM / the other channel's card. */
    busyBeforeDm: busy.filter((t) => t < at(DM)).length,
    busyBeforeOther: busy.filter((t) => t < at(OTHER)).length,
    /** Webhook steps run while the busy channel's backlog was going out. */
    webhookRunsDuringBacklog: w.webhookRuns.filter((t) => t > first && t < last).length,
    backlogMs: last - first,
  };
}

describe('independent loops: a busy channel delays only its own cards', () => {
  let t: TestBaton | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('sends a reminder DM and another channel card at once, and keeps processing webhooks, while a paced backlog drains', async () => {
    const w = world();
    // Loops on real timers (every 50 ms); the manual clock stands a minute ahead, so all is due.
    t = await startTestBaton({
      env: { BATON_TICK_MS: '50' },
      now: new Date(Date.now() + 60_000).toISOString(),
      adapters: async () => w.adapters,
    });
    const r = await busyChannelScenario(t.store, w);
    // The backlog is paced: about a second a card, so there is time in which others could wait.
    expect(r.backlogMs).toBeGreaterThanOrEqual((BACKLOG - 1) * 900);
    // Neither waited for the busy channel: both left before its second card.
    expect(r.busyBeforeDm).toBe(1);
    expect(r.busyBeforeOther).toBe(1);
    // The webhook step kept its rhythm (every 50 ms; at least a few a second even on a loaded machine).
    expect(r.webhookRunsDuringBacklog).toBeGreaterThanOrEqual(BACKLOG * 2);
  });

  it('control: the same scenario through one serialised pass (webhooks, then the outbox to completion) fails those checks', async () => {
    // The coupling the loops replaced: a pass awaits the webhook step, then a claim of the 100
    // oldest due deliveries sent to completion, and the next pass starts only after that.
    const w = world();
    const store = createMemoryStore();
    const dispatcher = createDispatcher({
      store,
      clock: systemClock,
      ids: randomIds,
      log: silentLogger,
      notifiers: new Map([['slack', w.notifier]]),
      render: async (d) => ({
        rendered: { kind: 'text', text: d.message.type === 'text' ? d.message.text : '', locale: 'en' },
      }),
      replica: 'coupled',
    });
    let running = true;
    const pass = (async () => {
      while (running) {
        for (const a of w.adapters) await a.onTick?.();
        await dispatcher.dispatchOnce();
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      const r = await busyChannelScenario(store, w);
      expect(r.busyBeforeDm).toBe(BACKLOG);
      expect(r.busyBeforeOther).toBe(BACKLOG);
      expect(r.webhookRunsDuringBacklog).toBeLessThan(BACKLOG * 2);
    } finally {
      running = false;
      await pass;
    }
  });
});
