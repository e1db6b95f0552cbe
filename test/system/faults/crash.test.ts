import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhooksAdapter } from '../../../adapters/webhooks/index.js';
import { FakeSlack } from '../../adapters/slack/fake-slack.js';
import { SlackClient } from '../../adapters/slack/slack-client.js';
import { batonSignature, post, recordingNotifier } from '../../adapters/webhooks/support.js';
import { startTestBaton, tempDir } from '../../support/harness.js';
import { type BatonProcess, seededRandom, sleep, startBatonProcess } from './support.js';

const WEBHOOK_SECRET = 'crash-webhook-secret-0001';
const SIGNING_SECRET = 'crash-signing-secret-0001';
const ITERATIONS = 5;
const SEED = Number(process.env.BATON_FAULT_SEED ?? 7);

// The bundled example customers (seeded into the empty file on the first start) and their owners.
const CONTACTS = [
  { customer: 'cus_example_acme', name: 'Acme Corp', user: 'U0SAM' },
  { customer: 'cus_example_globex', name: 'Globex', user: 'U0DANA' },
  { customer: 'cus_example_initech', name: 'Initech', user: 'U0LEO' },
  { customer: 'cus_example_hanbit', name: 'Hanbit Foods', user: 'U0JAE' },
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Waits until the process has logged no processed event for a second (its scheduler is idle). */
async function settled(p: BatonProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  let seen = -1;
  while (Date.now() < deadline) {
    const processed = p.lines.filter((l) => l.includes('webhook event processed')).length;
    if (processed === seen) return;
    seen = processed;
    await sleep(1_000);
  }
}

function purchase(id: string) {
  return JSON.stringify({
    id,
    type: 'purchase.completed',
    occurredAt: '2026-11-23T10:00:00Z',
    customer: { id: `crm-${id}`, name: `Crash ${id}` },
    stage: 'closedwon',
    owner: 'dana',
    context: { summary: 'Signed during a crash test', goLiveDate: '2027-01-15' },
  });
}

describe('kill -9 under a burst of webhooks and Slack commands loses nothing confirmed', () => {
  it('every 2xx webhook is one handoff and every confirmed contact is in the history', async () => {
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.close());
    const tmp = await tempDir('baton-crash-');
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');
    const env = {
      BATON_DATA_FILE: file,
      BATON_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-crash-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      BATON_TICK_MS: '200',
    };
    const random = seededRandom(SEED);
    const confirmedEvents: string[] = [];
    const confirmedContacts: Array<{ customer: string; note: string }> = [];
    let running: BatonProcess | undefined;
    cleanups.push(async () => {
      running?.child.kill('SIGKILL');
    });

    for (let round = 0; round < ITERATIONS; round++) {
      const baton = await startBatonProcess(env, tmp.dir);
      running = baton;
      const slack = new SlackClient(baton.url, SIGNING_SECRET, fake);
      // Each round's client numbers its response_urls from 1 again: only this round's answers count.
      const roundStart = Date.now();
      let alive = true;
      // Four senders keep requests in flight, so the kill lands mid-request and mid-commit.
      const sender = async (worker: number) => {
        for (let i = 0; alive; i++) {
          const tag = `r${round}w${worker}n${i}`;
          try {
            if ((i + worker) % 2 === 0) {
              const id = `evt_${tag}`;
              const body = purchase(id);
              const res = await post(baton.url, '/hooks/events', body, {
                'x-baton-signature': batonSignature(body, WEBHOOK_SECRET),
              });
              if (res.status >= 200 && res.status < 300) confirmedEvents.push(id);
            } else {
              const who = CONTACTS[(i + worker + round) % CONTACTS.length];
              if (!who) throw new Error('no contact');
              const note = `crash-${tag}`;
              const { responseId } = await slack.command('/cx', `contact ${who.name} call ${note}`, who.user);
              // Only the ephemeral answer is a confirmation; the 200 ack alone promises nothing.
              const answer = await fake
                .waitFor(
                  (c) => c.method === 'response_url' && c.args.id === responseId && (c.at ?? 0) >= roundStart,
                  1_500,
                )
                .catch(() => undefined);
              if (String(answer?.args.text ?? '').startsWith('Logged:')) {
                confirmedContacts.push({ customer: who.customer, note });
              }
            }
          } catch {
            // The process died under this request: nothing was confirmed.
          }
        }
      };
      const senders = [0, 1, 2, 3].map(sender);
      await sleep(150 + random() * 1_200);
      baton.child.kill('SIGKILL');
      const { signal } = await baton.exited;
      expect(signal, baton.stderr()).toBe('SIGKILL');
      alive = false;
      await Promise.all(senders);
    }

    // The last start: its scheduler turns the accepted events into handoffs.
    const last = await startBatonProcess(env, tmp.dir);
    running = last;
    await settled(last);
    const resent = confirmedEvents.filter((_, i) => i % 5 === 0);
    for (const id of resent) {
      const body = purchase(id);
      const res = await post(last.url, '/hooks/events', body, {
        'x-baton-signature': batonSignature(body, WEBHOOK_SECRET),
      });
      expect(res.status, id).toBe(200);
      expect(res.json.duplicates).toEqual([id]);
    }
    await settled(last);
    // Not SIGTERM: a graceful stop waits for the paced DMs still queued, which takes minutes here.
    last.child.kill('SIGKILL');
    await last.exited;
    running = undefined;

    // Events a killed process had claimed wait for their lease (a minute) to run out: one more
    // start on the same file, with its clock past that minute, takes them over.
    const after = await startTestBaton({
      store: { file },
      now: new Date(Date.now() + 61_000).toISOString(),
      env: { BATON_WEBHOOK_SECRET: WEBHOOK_SECRET },
      adapters: async (ctx) => [
        { name: 'fake', routes: [], notifier: recordingNotifier('slack') },
        await createWebhooksAdapter(ctx),
      ],
    });
    cleanups.push(() => after.stop());
    await after.advance(1_000);
    const store = after.store;
    expect(await store.ready()).toBe(true);
    expect((await store.stats()).pendingInbound).toBe(0);
    for (const id of confirmedEvents) {
      const inbound = await store.getInbound('events', id);
      expect(inbound?.status, id).toBe('processed');
      expect(await store.listHandoffs({ customerId: inbound?.customerId ?? '?' }), id).toHaveLength(1);
    }
    for (const { customer, note } of confirmedContacts) {
      const found = (await store.history(customer)).filter(
        (e) => e.kind === 'touchpoint' && e.entry.note === note,
      );
      expect(found, `${customer} ${note}`).toHaveLength(1);
    }
    expect(confirmedEvents.length).toBeGreaterThan(ITERATIONS);
    expect(confirmedContacts.length).toBeGreaterThan(ITERATIONS);
    console.log(
      `crash: ${ITERATIONS} kill -9 iterations survived (seed ${SEED}); checked ${confirmedEvents.length} confirmed webhooks (${resent.length} re-sent, still one handoff each) and ${confirmedContacts.length} confirmed contacts`,
    );
  }, 90_000);
});
