import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackShown } from '../../system/escape/shown.js';
import { aHandoff } from '../store/builders.js';
import { handoffVia } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

describe('Slack: /handoff and /cx answers', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [
      aCustomer(),
      aCustomer({
        id: 'cus_late',
        name: 'Late Ltd',
        aliases: [],
        team: 'delivery',
        stage: 'delivery',
        owner: 'tom',
        postPurchase: true,
        contactDueAt: '2026-11-20T10:00:00.000Z',
        lastContactAt: '2026-11-02T10:00:00.000Z',
      }),
    ]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  const answerTo = async (cmd: '/cx' | '/handoff', text: string, user = 'U0DANA') => {
    const { res, responseId } = await s.slack.command(cmd, text, user);
    expect(res.status).toBe(200);
    if (res.json?.text)
      return { text: String(res.json.text), blocks: res.json.blocks, type: res.json.response_type };
    const a = await s.slack.answer(responseId);
    return { text: String(a.text), blocks: a.blocks, type: a.response_type };
  };

  it('says what is possible when the customer, team or playbook is unknown', async () => {
    const customer = await answerTo('/handoff', 'Akme Corp to delivery');
    expect(customer.type).toBe('ephemeral');
    expect(customer.text).toBe('I could not find a customer called "Akme Corp". Did you mean Acme Corp?');
    const team = await answerTo('/handoff', 'Acme Corp to finance');
    expect(team.text).toBe(
      'There is no team called "finance". Hand over to one of these: Marketing, Sales, Delivery, or Customer Care.',
    );
    const playbook = await answerTo('/handoff', 'Acme Corp to marketing');
    expect(playbook.text).toBe(
      'No playbook hands from Sales to Marketing; playbooks exist for: Delivery → Customer Care, Marketing → Sales, ' +
        'Sales → Delivery. Hand over along one of those, or ask an admin to add a playbook.',
    );
    const stranger = await answerTo('/handoff', 'Acme Corp to delivery', 'U0STRANGER');
    expect(stranger.text).toContain('your Slack id is U0STRANGER');
    const usage = await answerTo('/handoff', 'Acme Corp');
    expect(slackShown(usage.text)).toContain('/handoff <customer> to <team|@person> [: note]');
    expect(s.fake.callsOf('views.open')).toHaveLength(0);
  });

  it('understands a channel mention as the team working there', async () => {
    const { trigger } = await s.slack.command('/handoff', 'Acme Corp to <#C0DELIVERY|delivery>', 'U0DANA');
    const view = await s.slack.openedModal(trigger);
    expect(visibleText(view.blocks)).toContain('Acme Corp: Sales → Delivery');
  });

  it('/cx <customer> shows stage, owner, open handoffs and the timeline', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    // Sam is not in Delivery: his contact cannot stand in for the handoff's first contact.
    const refused = await answerTo('/cx', 'contact Acme Corp email Sent the contract countersigned', 'U0SAM');
    expect(refused.text).toMatch(
      /^Acme Corp's handoff to Delivery is waiting for its first contact, and only .*someone in Delivery/,
    );
    const logged = await answerTo('/cx', 'contact Acme Corp email Sent the contract countersigned', 'U0TOM');
    expect(logged.text).toBe('Logged: email with Acme Corp. The reminders it satisfies have stopped.');
    const view = await answerTo('/cx', 'acme corp');
    const text = visibleText(view.blocks);
    expect(text).toContain('Acme Corp');
    expect(text).toContain('*Owner*\nTom Becker');
    expect(text).toContain('Customer prefers Korean');
    expect(text).toContain('Sales → Delivery: contacted');
    expect(text).toContain('email by Tom Becker');
    expect(text).toContain('Sent the contract countersigned');
    expect(text).toContain('Dana Reyes handed this over to Delivery.');
  });

  it("/cx mine, /cx gaps and help in the reader's language", async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to <@U0TOM|tom>');
    const mine = visibleText((await answerTo('/cx', 'mine', 'U0TOM')).blocks);
    expect(mine).toContain('Your open handoffs');
    expect(mine).toContain('Acme Corp: Sales → Delivery');
    const gaps = visibleText((await answerTo('/cx', 'gaps')).blocks);
    expect(gaps).toContain('1 post-purchase customer past their contact SLA');
    expect(gaps).toContain('Late Ltd (Delivery)');
    expect(gaps).toContain('owner: Tom Becker');
    const ko = await answerTo('/cx', 'help', 'U0MINHO');
    expect(ko.text).toMatch(/[가-힣]/);
  });

  it('answers a look-up in its acknowledgement, one request instead of two; a change is answered at the response_url', async () => {
    const { res, responseId } = await s.slack.command('/cx', 'Late Ltd', 'U0TOM');
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    expect(visibleText(res.json?.blocks as never)).toContain('*Owner*\nTom Becker');
    const contact = await s.slack.command('/cx', 'contact Late Ltd call Went through the plan', 'U0TOM');
    expect(contact.res.json).toBeUndefined();
    expect(String((await s.slack.answer(contact.responseId)).text)).toMatch(/^Logged: call with Late Ltd/);
    // Nothing of the look-up's went to its response_url (the contact's answer went to its own).
    const posted = s.fake.callsOf('response_url').filter((c) => !c.args.inAck);
    expect(posted.map((c) => c.args.id)).toEqual([contact.responseId]);
    expect(responseId).not.toBe(contact.responseId);
  });

  it('/cx mine shows the most urgent handoffs of a long queue and counts the rest', async () => {
    const customers = Array.from({ length: 25 }, (_, i) =>
      aCustomer({ id: `cus_q${i}`, name: `Queue Co ${i}`, aliases: [], team: 'delivery', stage: 'delivery' }),
    );
    await seedCustomers(s.t.store, customers);
    // Accept deadlines an hour apart, the least urgent first in the store.
    const handoffs = customers.map((c, i) =>
      aHandoff(c.id, {
        assignee: 'tom',
        acceptDueAt: new Date(Date.UTC(2026, 10, 24, 0) + (24 - i) * 3_600_000).toISOString(),
      }),
    );
    expect(
      await s.t.store.commit({ handoffs: handoffs.map((value) => ({ value, expectedVersion: null })) }),
    ).toEqual({
      ok: true,
    });
    const mine = visibleText((await answerTo('/cx', 'mine', 'U0TOM')).blocks);
    expect(mine).toContain('Queue Co 24: Sales → Delivery');
    expect(mine).toContain('Queue Co 5: Sales → Delivery');
    expect(mine).not.toContain('Queue Co 4: Sales → Delivery');
    expect(mine).toContain('…and 5 more, the most urgent shown first.');
  });

  it('/cx forget: admins only, confirmed by the exact command, then the personal data is gone', async () => {
    const refused = await answerTo('/cx', 'forget Acme Corp', 'U0SAM');
    expect(refused.text).toMatch(/^Only an admin can do that/);
    const ask = await answerTo('/cx', 'forget Acme Corp');
    expect(ask.text).toBe(
      'This erases the personal data of Acme Corp (contacts, notes, touchpoint notes) for good. To go ahead, type `/cx forget cus_acme --confirm`.',
    );
    expect((await s.t.store.getCustomer('cus_acme'))?.name).toBe('Acme Corp');
    const done = await answerTo('/cx', 'forget cus_acme --confirm');
    expect(done.text).toBe(
      'The personal data of Acme Corp is erased. The audit log records that you asked for it.',
    );
    const after = await s.t.store.getCustomer('cus_acme');
    expect(after?.name).not.toBe('Acme Corp');
    expect(after?.contacts).toEqual([]);
  });
});
