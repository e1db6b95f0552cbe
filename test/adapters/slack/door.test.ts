import { afterEach, describe, expect, it } from 'vitest';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest, storeWithHeldLookUps } from './setup.js';
import { visibleText } from './slack-client.js';

const BUSY = 'I am busy right now and did not do this. Please try again in 5 seconds.';
const CX_HELP = '/cx mine*: your open handoffs';

describe('Slack: a flood of requests, acknowledged at the door', () => {
  let s: SlackTest | undefined;
  afterEach(async () => {
    await s?.stop();
    expect(s?.fake.violations).toEqual([]);
    s = undefined;
  });

  it('acknowledges look-ups and buttons at once while work queues, and answers each of them when the queue moves', async () => {
    // Name look-ups wait for the test: the first look-up holds the one work slot, the next queues.
    const { store, hold, release } = storeWithHeldLookUps();
    s = await startSlackTest({ store, workConcurrency: 1, maxQueued: 4 });
    await seedCustomers(s.t.store, [aCustomer()]);
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');

    // Control: nothing queued, so help is the acknowledgement itself.
    const calm = await s.slack.command('/cx', 'help', 'U0DANA');
    expect(visibleText(calm.res.json?.blocks)).toContain(CX_HELP);

    hold();
    const first = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
    const second = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
    expect([first.res.text, second.res.text]).toEqual(['', '']);

    // Work waits for a slot: what comes now is acknowledged empty, at once.
    const help = await s.slack.command('/cx', 'help', 'U0DANA');
    expect(help.res.status).toBe(200);
    expect(help.res.text).toBe('');
    // What its handler would have put in the acknowledgement comes at the response_url.
    const helpAnswer = await s.slack.answer(help.responseId);
    expect(helpAnswer.inAck).toBeUndefined();
    expect(helpAnswer.response_type).toBe('ephemeral');
    expect(visibleText(helpAnswer.blocks)).toContain(CX_HELP);
    const accept = await s.slack.click(card, 'baton:accept', 'U0TOM');
    expect(accept.res.text).toBe('');
    // A command that is not a look-up goes through Bolt as always: its help is its acknowledgement.
    const handoffHelp = await s.slack.command('/handoff', 'help', 'U0DANA');
    expect(visibleText(handoffHelp.res.json?.blocks)).toContain('/handoff');
    // A forged request is refused at the door too.
    const forged = await s.slack.post(
      'command=%2Fcx&text=help&user_id=U0DANA',
      'application/x-www-form-urlencoded',
      {
        secret: 'not-the-secret',
      },
    );
    expect(forged.status).toBe(401);

    // Queued: the second look-up and the Accept; two more fit, the next is told "busy" at once.
    const more = [
      await s.slack.command('/cx', 'Acme Corp', 'U0DANA'),
      await s.slack.command('/cx', 'Acme Corp', 'U0DANA'),
    ];
    for (const m of more) expect(m.res.text).toBe('');
    const refused = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
    expect(refused.res.json?.text).toBe(BUSY);
    // Counted for whoever watches: help, the Accept and the two look-ups.
    const metrics = await (await fetch(`${s.t.url}/metrics`)).text();
    expect(metrics).toContain('baton_acknowledged_early_total{platform="slack"} 4');

    // Nothing was answered before the queue moved.
    const answered = (id: string) => s?.fake.callsOf('response_url').some((c) => c.args.id === id);
    expect([first, second, ...more].map((m) => answered(m.responseId))).toEqual([false, false, false, false]);
    expect(answered(accept.responseId)).toBe(false);
    release();
    for (const m of [first, second, ...more])
      expect(visibleText((await s.slack.answer(m.responseId)).blocks)).toContain('Acme Corp');
    expect((await s.slack.answer(accept.responseId)).text).toBe(
      'You now own Acme Corp. Log the first contact by Nov 25, 2026, 3:00 PM GMT.',
    );
    await s.pass();
    expect(textOf(card)).toContain('Accepted by Tom Becker');
  });
  it('opens the form of a /handoff or a Decline before the look-ups queued ahead of it (its trigger_id lives 3 s)', async () => {
    const { store, hold, release } = storeWithHeldLookUps();
    s = await startSlackTest({ store, workConcurrency: 1, maxQueued: 10 });
    const globex = aCustomer({
      id: 'cus_globex',
      name: 'Globex',
      aliases: [],
      externalIds: {},
      domain: 'globex.example',
      contacts: [],
    });
    await seedCustomers(s.t.store, [aCustomer(), globex]);
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');

    // The first look-up holds the one work slot; three more queue behind it.
    hold();
    const first = await s.slack.command('/cx', 'Acme Corp', 'U0DANA');
    const queued = [];
    for (let i = 0; i < 3; i++) queued.push(await s.slack.command('/cx', 'Acme Corp', 'U0DANA'));
    // The door hands what it acknowledged to Bolt a turn at a time: let it reach the queue.
    await new Promise((r) => setTimeout(r, 100));
    const form = await s.slack.command('/handoff', 'Globex to delivery', 'U0DANA');
    const decline = await s.slack.click(card, 'baton:decline', 'U0TOM');
    expect([form.res.status, decline.res.status]).toEqual([200, 200]);
    release();

    const last = queued.at(-1);
    if (!last) throw new Error('nothing queued');
    expect(visibleText((await s.slack.answer(last.responseId)).blocks)).toContain('Acme Corp');
    await s.slack.openedModal(form.trigger);
    await s.slack.openedModal(decline.trigger);
    expect(visibleText((await s.slack.answer(first.responseId)).blocks)).toContain('Acme Corp');
    // In the order Slack saw them: both forms opened before the last queued look-up was answered.
    const order = s.fake.calls.map((c) =>
      c.method === 'views.open'
        ? String(c.args.trigger_id)
        : c.method === 'response_url'
          ? String(c.args.id)
          : '',
    );
    const answeredAt = order.indexOf(last.responseId);
    expect(order.indexOf(form.trigger)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(form.trigger)).toBeLessThan(answeredAt);
    expect(order.indexOf(decline.trigger)).toBeLessThan(answeredAt);
  });
});
