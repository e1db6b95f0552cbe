import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { FakeSlack } from '../../adapters/slack/fake-slack.js';
import { handoffVia, messageIn, textOf } from '../../adapters/slack/helpers.js';
import { aCustomer, SECRET, type SlackTest, seedCustomers, TOKEN } from '../../adapters/slack/setup.js';
import { SlackClient } from '../../adapters/slack/slack-client.js';
import { cardOf, cardText, IDS, pressOn, startTeams, submitHandoff } from '../../adapters/teams/helpers.js';
import { startTestBaton, tempDir } from '../../support/harness.js';
import { FaultProxy } from './fault-proxy.js';
import { seededRandom } from './support.js';

const SEED = Number(process.env.BATON_FAULT_SEED ?? 30);
const RATE = 0.3;
const NAMES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Vandelay',
  'Oscorp',
  'Aperture',
  'Gringotts',
  'Monarch',
  'Massive',
  'Dunder',
  'Prestige',
  'Sirius',
  'Nakatomi',
  'Piedpiper',
  'Zorg',
  'Virtucon',
  'Kramerica',
  'Bluth',
  'Krusty',
  'Duff',
  'Ollivander',
  'Sterling',
];
// Only the outbox's calls fail: answers and modals go to Slack outside it and are not retried.
const OUTBOX_CALLS = /^\/api\/(chat\.postMessage|chat\.update|conversations\.(open|history|replies))/;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Slack answering 429, 500, slowly or not at all: every delivery exactly once, in order', () => {
  it('posts every card once, applies every update, keeps each conversation in order across restarts', async () => {
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.close());
    const proxy = await new FaultProxy(
      () => fake.base,
      seededRandom(SEED),
      RATE,
      (p) => OUTBOX_CALLS.test(p),
    ).start();
    cleanups.push(() => proxy.close());
    const tmp = await tempDir('baton-faults-');
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');

    let now = '2026-11-23T15:00:00.000Z';
    let client: SlackClient | undefined;
    const start = async (): Promise<SlackTest> => {
      const t = await startTestBaton({
        store: { file },
        now,
        adapters: async (ctx) => [await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })],
        env: { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${proxy.base}/api/` },
      });
      const slack = new SlackClient(t.url, SECRET, fake);
      // Slack never reuses a view or response id: the new client numbers on from the old one.
      if (client) Object.assign(slack, { seq: (client as unknown as { seq: number }).seq });
      client = slack;
      const s: SlackTest = {
        t,
        fake,
        slack,
        async pass(ms = 0) {
          await t.advance(ms);
          await t.baton.runOnce();
        },
        stop: () => t.stop(),
      };
      return s;
    };
    const restart = async (s: SlackTest): Promise<SlackTest> => {
      expect((await s.t.store.listDeliveries({ status: 'pending' })).length).toBeGreaterThan(0);
      now = s.t.clock.now().toISOString();
      await s.stop();
      return start();
    };
    /** Scheduler passes, the clock a few seconds on each time, until the outbox is empty. */
    const drain = async (s: SlackTest) => {
      for (let i = 0; i < 400; i++) {
        if ((await s.t.store.listDeliveries({ status: 'pending' })).length === 0) return;
        await s.pass(3_000);
      }
      const left = await s.t.store.listDeliveries({ status: 'pending' });
      // What is left, with its lease: a held lease renewed forever is a claim no worker sends.
      const leftOver = left.map(
        (d) => `${d.id} ${d.message.type} try ${d.attempts} lease ${d.leaseUntil ?? '-'}`,
      );
      throw new Error(`the outbox did not empty by ${s.t.clock.now().toISOString()}: ${leftOver.join('; ')}`);
    };

    let s = await start();
    await seedCustomers(
      s.t.store,
      NAMES.map((name, i) =>
        aCustomer({ id: `cus_${i}`, name, aliases: [], externalIds: { crm: `crm-${i}` } }),
      ),
    );

    // Handoffs queued while earlier cards are being refused; a restart with posts pending, some
    // of which Slack already made but whose answers were lost.
    for (const [i, name] of NAMES.entries()) {
      await handoffVia(s, 'U0DANA', `${name} to delivery`);
      if (i % 5 === 4) await s.pass(1_000);
      if (i === 12) s = await restart(s);
    }
    await drain(s);
    // Every card accepted: an update, a thread reply and a DM to the sender each; a restart halfway.
    for (const [i, name] of NAMES.entries()) {
      const card = messageIn(s, 'C0DELIVERY', name);
      const clicked = await s.slack.click(card, 'baton:accept', 'U0TOM');
      expect((await s.slack.answer(clicked.responseId)).text).toContain(`You now own ${name}`);
      if (i % 4 === 3) await s.pass(1_000);
      if (i === 17) s = await restart(s);
    }
    await drain(s);
    proxy.enabled = false;

    expect(await s.t.store.listDeliveries({ status: 'failed' })).toEqual([]);

    // Exactly once: every post carries its delivery id (in message metadata); none is in Slack twice.
    const posted = new Map<string, number>();
    for (const m of fake.messages) {
      const id = m.metadata?.event_payload.delivery;
      expect(typeof id, m.text).toBe('string');
      posted.set(String(id), (posted.get(String(id)) ?? 0) + 1);
    }
    expect([...posted].filter(([, n]) => n > 1)).toEqual([]);
    // 30 cards, 30 thread replies and 30 DMs to the sender.
    expect(posted.size).toBe(NAMES.length * 3);

    // Every card is there once, in the order the handoffs were made, showing the accept.
    const cards = fake.channel('C0DELIVERY');
    expect(cards.map((m) => NAMES.find((n) => textOf(m).includes(`${n}: Sales`)))).toEqual(NAMES);
    for (const card of cards) {
      expect(textOf(card)).toContain('Accepted by Tom Becker');
      expect(fake.channel('C0DELIVERY', card.ts).map((m) => m.text)).toEqual([
        'Tom Becker accepted this handoff.',
      ]);
    }
    expect(fake.channel('DU0DANA').map((m) => NAMES.find((n) => (m.text ?? '').startsWith(`${n}:`)))).toEqual(
      NAMES,
    );

    // Per conversation, Slack took the messages in the order Baton queued them. Delivery ids
    // count up in queue order, and a restart's ids sort after the run before it.
    const conversations = new Map<string, string[]>();
    for (const m of fake.messages) {
      const key = `${m.channel}/${m.thread_ts ?? ''}`;
      conversations.set(key, [...(conversations.get(key) ?? []), String(m.metadata?.event_payload.delivery)]);
    }
    for (const [key, ids] of conversations) expect(ids, key).toEqual([...ids].sort());

    console.log(
      `platform faults (seed ${SEED}): ${proxy.total} faults injected (${[...proxy.injected]
        .map(([k, n]) => `${k} ${n}`)
        .join(
          ', ',
        )}); ${posted.size} posts delivered exactly once and all ${cards.length} cards updated to accepted, across 2 restarts with deliveries pending`,
    );
    await s.stop();
  }, 90_000);

  it('Teams: connector throttling (with and without Retry-After) and 500s, every card and update once, in order', async () => {
    const tt = await startTeams();
    cleanups.push(() => tt.stop());
    await tt.install(['dana', 'tom', 'priya']);
    const names = NAMES.slice(0, 12);
    for (const [i, name] of names.entries())
      await tt.seedCustomer({ id: `cus_t${i}`, name, aliases: [], externalIds: { crm: `crm-t${i}` } });
    const random = seededRandom(SEED + 1);
    const injected = new Map<string, number>();
    // Only the outbox's calls: the Delivery channel, its threads, and the 1:1 chats it opens.
    const outbox = (c: { kind: string; conversationId?: string }) =>
      c.kind === 'create' || c.conversationId?.startsWith(IDS.delivery) || c.conversationId?.startsWith('a:');
    const rule = (label: string, status: number, headers?: Record<string, string>) =>
      tt.connector.fail({
        status,
        ...(headers ? { headers } : {}),
        times: 10_000,
        when: (c) => {
          if (!outbox(c) || random() >= RATE / 3) return false;
          injected.set(label, (injected.get(label) ?? 0) + 1);
          return true;
        },
      });
    rule('429 Retry-After', 429, { 'retry-after': '2' });
    rule('429 bare', 429);
    rule('500', 500);

    const drain = async () => {
      for (let i = 0; i < 400; i++) {
        if ((await tt.t.store.listDeliveries({ status: 'pending' })).length === 0) return;
        await tt.t.advance(3_000);
      }
      throw new Error('the outbox did not empty');
    };
    for (const [i, name] of names.entries()) {
      await submitHandoff(tt, name);
      if (i % 4 === 3) await tt.t.advance(1_000);
    }
    await drain();
    const posts = tt.connector.sent('post', IDS.delivery);
    const title = (c: { body?: Record<string, unknown> }) =>
      names.find((n) => cardText(cardOf(c)).includes(`${n}: Sales`));
    expect(posts.map(title)).toEqual(names);

    for (const [i, post] of posts.entries()) {
      await pressOn(
        tt,
        'tom',
        cardOf(post),
        'accept',
        {},
        { channel: IDS.delivery, replyToId: post.id ?? '' },
      );
      if (i % 4 === 3) await tt.t.advance(1_000);
    }
    await drain();
    expect(await tt.t.store.listDeliveries({ status: 'failed' })).toEqual([]);
    // Still one card each, each updated in place to accepted, one note in each card's thread.
    expect(tt.connector.sent('post', IDS.delivery).map(title)).toEqual(names);
    for (const post of posts) {
      const updates = tt.connector.sent('update', IDS.delivery).filter((u) => u.activityId === post.id);
      expect(cardText(cardOf(updates.at(-1)))).toContain('Accepted by Tom Becker');
      const notes = tt.connector.sent('post', `${IDS.delivery};messageid=${post.id}`);
      expect(notes.map((n) => n.body.text)).toEqual(['Tom Becker accepted this handoff.']);
    }
    const total = [...injected.values()].reduce((a, b) => a + b, 0);
    console.log(
      `teams faults (seed ${SEED + 1}): ${total} faults injected (${[...injected].map(([k, n]) => `${k} ${n}`).join(', ')}); ${posts.length} cards posted once, in order, each updated and noted once`,
    );
  }, 60_000);
});
