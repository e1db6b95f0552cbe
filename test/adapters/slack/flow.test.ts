import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { METHOD_SCOPES } from './scopes.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

const HOUR = 3_600_000;
const MIN = 60_000;

describe('Slack: a handoff from /handoff to first contact', () => {
  let s: SlackTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 UTC: 10:00 in New York (Sales), 15:00 in London (Delivery).
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer()]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
    // Every call is covered by a scope manifest/slack.yaml asks for (see manifest.test.ts).
    const methods = new Set(s.fake.calls.map((c) => c.method).filter((m) => m !== 'response_url'));
    for (const m of methods) expect(Object.keys(METHOD_SCOPES)).toContain(m);
  });

  it('opens the form prefilled, refuses blank required fields, posts the card and confirms', async () => {
    const { trigger } = await s.slack.command(
      '/handoff',
      'Acme Corp to delivery: kickoff promised next week',
      'U0DANA',
    );
    const view = await s.slack.openedModal(trigger);
    const text = visibleText(view.blocks);
    expect(text).toContain('Acme Corp: Sales → Delivery');
    expect(text).toContain('Customer prefers Korean');
    const blocks = view.blocks as Array<Record<string, unknown>>;
    const input = (id: string) =>
      blocks.find((b) => b.block_id === id) as { optional: boolean; element: Record<string, unknown> };
    expect(input('f:summary').optional).toBe(false);
    expect(input('f:keyContact').element.initial_value).toBe('Min-jun Kim <mj@acme.example>');
    expect(input('f:dealValue').optional).toBe(true);
    expect(input('note').element.initial_value).toBe('kickoff promised next week');

    // Whitespace passes Slack's own check; Baton answers inside the modal.
    const blank = await s.slack.submit(view, 'U0DANA', { 'f:summary': '   ', 'f:goLiveDate': '2027-01-15' });
    expect(blank.status).toBe(200);
    expect(blank.json?.response_action).toBe('errors');
    expect((blank.json?.errors as Record<string, string> | undefined)?.['f:summary']).toContain('Summary');
    expect(await s.t.store.listHandoffs({ customerId: 'cus_acme' })).toHaveLength(0);

    const { answer } = await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    expect(answer).toContain('Handoff of Acme Corp sent to Delivery');
    expect(answer).toContain('<#C0DELIVERY>');
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(0);
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp: Sales → Delivery');
    const seen = textOf(card);
    expect(seen).toContain('Customer prefers Korean: answer in Korean');
    expect(seen).toContain('Handed over by Dana Reyes');
    expect(seen).toContain('Annual plan, 40 seats');
    expect(seen).toContain('Jan 15, 2027');
    expect(seen).toContain(
      'Accept by*\n<!date^1795516200^{date_short_pretty} {time}|Nov 24, 2026, 10:30 AM GMT>',
    );
    expect(seen).toContain('Accept');
    // Exactly one card, even after more passes.
    await s.pass(MIN);
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(1);
  });

  it('accept, nudge and escalation at the SLA times, contact from the reminder, nothing after', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    expect(textOf(card)).toContain('waiting for Jae-won Kim (Delivery) to accept');

    const accepted = await s.slack.click(card, 'baton:accept', 'U0TOM');
    expect(accepted.res.status).toBe(200);
    const ok = await s.slack.answer(accepted.responseId);
    expect(ok.response_type).toBe('ephemeral');
    expect(ok.text).toBe('You now own Acme Corp. Log the first contact by Nov 25, 2026, 3:00 PM GMT.');

    // Priya pressed Accept on the same card two minutes later: she is told who has it.
    s.t.clock.advance(2 * MIN);
    const late = await s.slack.click(card, 'baton:accept', 'U0PRIYA');
    expect((await s.slack.answer(late.responseId)).text).toBe(
      'Tom Becker accepted this 2 minutes ago. Nothing more to do here.',
    );

    await s.pass();
    expect(textOf(card)).toContain('Accepted by Tom Becker');
    expect(textOf(card)).not.toContain('Accept by');
    expect(s.fake.channel('C0DELIVERY', card.ts).map((m) => m.text)).toEqual([
      'Tom Becker accepted this handoff.',
    ]);
    const dana = s.fake.channel('DU0DANA');
    expect(dana.map((m) => m.text)).toEqual([
      'Acme Corp: Sales → Delivery: Tom Becker accepted this handoff.',
    ]);

    // First contact is due Wed 15:00; the 50% nudge falls at Tue 15:00 London, business time.
    await s.pass(24 * HOUR - 3 * MIN); // Tue 14:59
    expect(s.fake.channel('DU0TOM')).toHaveLength(0);
    await s.pass(MIN); // Tue 15:00
    const nudges = s.fake.channel('DU0TOM');
    expect(nudges).toHaveLength(1);
    expect(textOf(nudges[0])).toContain('Reminder: Acme Corp');
    expect(textOf(nudges[0])).toContain('Log your first contact with Acme Corp.');
    expect(textOf(nudges[0])).toContain('Customer prefers Korean');

    // 150% of the window: Thursday 15:00; Priya, the lead, is told and the card is marked.
    await s.pass(24 * HOUR); // Wed 15:00: the 100% nudge
    expect(s.fake.channel('DU0TOM')).toHaveLength(2);
    expect(s.fake.channel('DU0PRIYA')).toHaveLength(0);
    await s.pass(24 * HOUR); // Thu 15:00
    const escalations = s.fake.channel('DU0PRIYA');
    expect(escalations).toHaveLength(1);
    expect(textOf(escalations[0])).toContain('Escalated to you: Acme Corp');
    expect(textOf(escalations[0])).toContain('Tom Becker has not logged a first contact with Acme Corp yet.');
    expect(textOf(card)).toContain('Escalated to Priya Shah');

    // Tom logs the contact from his reminder's button.
    const reminder = s.fake.channel('DU0TOM')[1];
    if (!reminder) throw new Error('no reminder');
    const clicked = await s.slack.click(reminder, 'baton:contact', 'U0TOM');
    const modal = await s.slack.openedModal(clicked.trigger);
    expect(visibleText(modal.blocks)).toContain('How did you reach them?');
    await s.slack.submit(modal, 'U0TOM', { channel: 'email', note: 'Sent the kickoff agenda in Korean' });
    expect((await s.slack.answer(clicked.responseId)).text).toBe(
      'Logged: email with Acme Corp. The reminders it satisfies have stopped.',
    );
    await s.pass();
    expect(textOf(card)).toContain('First contact logged by Tom Becker');
    expect(s.fake.channel('C0DELIVERY', card.ts).at(-1)?.text).toBe('Tom Becker logged a contact: email');

    // Nothing more is due: a week later no new reminder has arrived (Priya, a lead, gets her weekly report).
    const reminders = () =>
      [...s.fake.channel('DU0TOM'), ...s.fake.channel('DU0PRIYA')].filter(
        (m) => !(m.text ?? '').startsWith('Weekly report'),
      ).length;
    const before = reminders();
    await s.pass(7 * 24 * HOUR);
    expect(reminders()).toBe(before);
  });
});
