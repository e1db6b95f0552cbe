import { afterEach, describe, expect, it } from 'vitest';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest, storeWithHeldLookUps } from './setup.js';
import { visibleText } from './slack-client.js';

const BUSY = 'I am busy right now and did not do this. Please try again in 5 seconds.';
const shedCount = async (s: SlackTest) => {
  const metrics = await (await fetch(`${s.t.url}/metrics`)).text();
  return Number(/baton_shed_total\{platform="slack",kind="command"\} (\d+)/.exec(metrics)?.[1] ?? 0);
};

describe('Slack: more commands than Baton can work on', () => {
  let s: SlackTest | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('answers the ones beyond the queue "busy, try again" at once, counts them, and answers the queued ones', async () => {
    // Name look-ups wait for the test: the first command holds the one work slot, two more queue.
    const { store, hold, release } = storeWithHeldLookUps();
    s = await startSlackTest({ store, workConcurrency: 1, maxQueued: 2 });
    hold();
    await seedCustomers(s.t.store, [aCustomer()]);
    const queued = [];
    for (let i = 0; i < 3; i++) {
      const { res, responseId } = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
      expect(res.status).toBe(200);
      expect(res.json?.text).toBeUndefined();
      queued.push(responseId);
    }
    // Control: nothing shed while the queue had room.
    expect(await shedCount(s)).toBe(0);
    const refused = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
    expect(refused.res.status).toBe(200);
    expect(refused.res.json?.text).toBe(BUSY);
    expect(await shedCount(s)).toBe(1);
    release();
    for (const id of queued) expect(visibleText((await s.slack.answer(id)).blocks)).toContain('Acme Corp');
    // The first took the free slot to answer in its acknowledgement, but its answer was not ready
    // at once: acknowledged empty (above), answered at the response_url.
    expect((await s.slack.answer(queued[0] ?? '')).inAck).toBeUndefined();
    // The queue drained: the next command is served again, in its acknowledgement.
    const again = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
    expect(again.res.json?.text).not.toBe(BUSY);
    expect(visibleText((again.res.json?.blocks ?? []) as never)).toContain('Acme Corp');
    expect(await shedCount(s)).toBe(1);
  });
});
