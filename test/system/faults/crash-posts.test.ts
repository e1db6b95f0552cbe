import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batonSignature, post } from '../../adapters/webhooks/support.js';
import { tempDir } from '../../support/harness.js';
import { CountingSlack, type Post } from '../replicas/counting-slack.js';
import { type BatonProcess, sleep, startBatonProcess } from './support.js';

const WEBHOOK_SECRET = 'crash-posts-webhook-secret-01';
const CARD_CHANNEL = 'C0DELIVERY';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A purchase whose customer name is unique, so the fake can count cards by what people read. */
function purchase(id: string, name: string) {
  return JSON.stringify({
    id,
    type: 'purchase.completed',
    occurredAt: '2026-11-23T10:00:00Z',
    customer: { id: `crm-${id}`, name },
    stage: 'closedwon',
    owner: 'dana',
    // Complete context: the handoff opens at once and its card goes to the delivery channel.
    context: {
      summary: 'Bought during a burst of card posts',
      goLiveDate: '2027-01-15',
      keyContact: 'Min-jun Kim <mj@burst.example>',
    },
  });
}

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Outcome {
  /** Cards per customer name, counted by the fake from the posted text. */
  cards: Map<string, number>;
  names: string[];
  /** The post each kill landed on: recorded by Slack, its answer held back when the process died. */
  killedOn: Post[];
  lookups: number;
}

/**
 * `baton start` on a data file with Slack on a loopback fake that holds
 * every answer to chat.postMessage for a while after recording the post. A
 * burst of purchases becomes a burst of cards (one a second into the
 * delivery channel); the process is killed with SIGKILL the moment Slack has
 * taken a card whose answer Baton has not had yet, started again, and so on.
 */
async function burstWithKills(opts: { handoffs: number; kills: number; hideMetadata?: boolean }) {
  const slack = await new CountingSlack({ slowMs: 400, hideMetadata: opts.hideMetadata ?? false }).start();
  cleanups.push(() => slack.close());
  const tmp = await tempDir('baton-crash-posts-');
  cleanups.push(tmp.cleanup);
  const env = {
    BATON_DATA_FILE: path.join(tmp.dir, 'baton.json'),
    BATON_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-crash-posts-token',
    SLACK_SIGNING_SECRET: 'crash-posts-signing-secret',
    SLACK_API_URL: slack.url('baton'),
    BATON_TICK_MS: '200',
  };
  let running: BatonProcess | undefined;
  cleanups.push(async () => {
    running?.child.kill('SIGKILL');
  });
  const cardsIn = () => slack.posts.filter((p) => p.channel === CARD_CHANNEL);

  // Slack throttles Baton until every purchase is a handoff: the cards wait, and the kills below
  // land in the middle of the burst however slowly the machine takes the purchases in.
  slack.options.throttle = true;
  running = await startBatonProcess(env, tmp.dir);
  const names: string[] = [];
  for (let i = 0; i < opts.handoffs; i++) {
    const id = `evt_burst_${i}`;
    // Two digits and a closing word: no name is the start of another.
    const name = `Burst ${String(i).padStart(2, '0')} Shop`;
    const body = purchase(id, name);
    const res = await post(running.url, '/hooks/events', body, {
      'x-baton-signature': batonSignature(body, WEBHOOK_SECRET),
    });
    expect(res.status, id).toBeLessThan(300);
    names.push(name);
  }
  const first = running;
  // Every purchase is a handoff before the first kill: what is tested is the posting, not the intake.
  await until(
    'the purchases to be processed',
    () => first.lines.filter((l) => l.includes('webhook event processed')).length >= opts.handoffs,
    30_000,
  );
  slack.options.throttle = false;

  const killedOn: Post[] = [];
  for (let k = 0; k < opts.kills; k++) {
    const victim = running;
    // Let a card or two go out normally after each start, then kill on the next one mid-post.
    const after = cardsIn().length + 1 + (k % 2);
    let killed: Post | undefined;
    slack.onPost = (p) => {
      if (p.channel !== CARD_CHANNEL || cardsIn().length <= after) return;
      victim.child.kill('SIGKILL');
      p.holdUntil = victim.exited;
      slack.onPost = undefined;
      killed = p;
    };
    await until(
      `kill ${k + 1} mid-post`,
      () => {
        if (killed) return true;
        if (names.every((n) => cardsIn().some((p) => p.text.includes(n))))
          throw new Error(`every card went out before kill ${k + 1}: the burst is too short`);
        return false;
      },
      120_000,
    );
    if (killed) killedOn.push(killed);
    const { signal } = await victim.exited;
    expect(signal, victim.stderr()).toBe('SIGKILL');
    running = await startBatonProcess(env, tmp.dir);
  }

  const cardsOf = () => {
    const cards = new Map<string, number>(names.map((n) => [n, 0]));
    for (const p of cardsIn())
      for (const n of names) if (p.text.includes(n)) cards.set(n, (cards.get(n) ?? 0) + 1);
    return cards;
  };
  await until('a card for every handoff', () => [...cardsOf().values()].every((n) => n > 0), 60_000);
  // Anything posted twice would go out first after a start; give the last one time to show it.
  await sleep(3_000);
  running.child.kill('SIGKILL');
  await running.exited;
  running = undefined;
  return {
    cards: cardsOf(),
    names,
    killedOn,
    lookups: slack.calls.get('conversations.history') ?? 0,
  } satisfies Outcome;
}

describe('kill -9 during a burst of card posts to Slack (data file store)', () => {
  it('leaves exactly one card per handoff', async () => {
    const r = await burstWithKills({ handoffs: 14, kills: 3 });
    // Each kill landed while Slack had the card and Baton did not have Slack's answer yet.
    expect(r.killedOn).toHaveLength(3);
    for (const p of r.killedOn) expect(p.answered, p.text).toBe(false);
    const counts = r.names.map((n) => [n, r.cards.get(n)]);
    expect(counts).toEqual(r.names.map((n) => [n, 1]));
    // Baton asked Slack about the cards in doubt rather than posting them blindly.
    expect(r.lookups).toBeGreaterThanOrEqual(3);
  }, 150_000);

  it('control: when the look-up cannot find the post, the same crashes show up as doubled cards', async () => {
    const r = await burstWithKills({ handoffs: 6, kills: 2, hideMetadata: true });
    for (const p of r.killedOn) expect(p.answered).toBe(false);
    const doubled = r.names.filter((n) => (r.cards.get(n) ?? 0) > 1);
    // The card each kill landed on was posted again: the count above would have caught it.
    expect(doubled.length).toBe(2);
  }, 120_000);
});
