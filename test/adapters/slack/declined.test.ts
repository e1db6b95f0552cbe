import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';

const HOUR = 3_600_000;
const MIN = 60_000;

describe('Slack: a declined handoff that is never sent again', () => {
  let s: SlackTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 UTC: 10:00 in New York (Sales), 15:00 in London (Delivery).
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer()]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  const texts = (channel: string) => s.fake.channel(channel).map((m) => textOf(m));
  const reminders = (channel: string) => texts(channel).filter((t) => /Reminder:|Escalated to you:/.test(t));

  it('nudges the sender and escalates to the leads on the first-contact schedule; Dana may not accept her own', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');

    // Dana handed it over (she is Sales' lead and an admin): she cannot take it herself.
    const own = await s.slack.click(card, 'baton:accept', 'U0DANA');
    expect((await s.slack.answer(own.responseId)).text).toMatch(
      /^You handed this customer over, so Delivery takes it from here: only .*someone in Delivery/,
    );
    expect((await s.t.store.listHandoffs({ customerId: 'cus_acme' }))[0]?.state).toBe('open');

    const clicked = await s.slack.click(card, 'baton:decline', 'U0TOM');
    const modal = await s.slack.openedModal(clicked.trigger);
    await s.slack.submit(modal, 'U0TOM', { reason: 'No go-live date agreed with the customer' });
    await s.slack.answer(clicked.responseId);
    await s.pass();
    expect(textOf(card)).toContain('Declined by Tom Becker: No go-live date agreed with the customer');

    // First contact was due two London working days after the card went out (Wed 15:00):
    // half of it falls Tue 15:00, the deadline Wed 15:00, and 150% Thu 15:00.
    await s.pass(24 * HOUR - MIN); // Tue 14:59
    expect(reminders('DU0DANA')).toEqual([]);
    await s.pass(MIN); // Tue 15:00
    expect(reminders('DU0DANA')).toHaveLength(1);
    expect(reminders('DU0DANA')[0]).toContain('Reminder: Acme Corp');
    expect(reminders('DU0DANA')[0]).toContain(
      'Delivery declined Acme Corp and the customer still has no first contact. Send it again',
    );
    await s.pass(24 * HOUR); // Wed 15:00
    expect(reminders('DU0DANA')).toHaveLength(2);
    expect(reminders('DU0PRIYA')).toEqual([]);
    await s.pass(24 * HOUR - MIN); // Thu 14:59
    expect(reminders('DU0PRIYA')).toEqual([]);
    await s.pass(MIN); // Thu 15:00
    // Dana leads Sales, the team that has the customer back; Priya leads Delivery, which
    // turned a paying customer back. Both are told the customer still has no contact.
    for (const lead of ['DU0DANA', 'DU0PRIYA']) {
      const escalation = reminders(lead).filter((t) => t.includes('Escalated to you: Acme Corp'));
      expect(escalation).toHaveLength(1);
      expect(escalation[0]).toContain(
        'Delivery declined the handoff of Acme Corp from Sales; Dana Reyes has not sent it again or cancelled it',
      );
    }
    expect(textOf(card)).toMatch(/Escalated to (Dana Reyes|Priya Shah)/);
    // Tom declined it: nothing is asked of him.
    expect(reminders('DU0TOM')).toEqual([]);

    // Once, not again: a week later nothing more has arrived.
    const before = reminders('DU0DANA').length + reminders('DU0PRIYA').length;
    await s.pass(7 * 24 * HOUR);
    expect(reminders('DU0DANA').length + reminders('DU0PRIYA').length).toBe(before);
  });
});
