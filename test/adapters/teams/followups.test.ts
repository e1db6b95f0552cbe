import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, handOver, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

const MIN = 60_000;

describe('Teams: reminders and escalations as 1:1 messages, at the right times', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 in London, where Delivery works 09:00-17:30.
    tt = await startTeams();
    await tt.install(['tom', 'priya', 'dana']);
    // English: Tom is asked to accept (a Korean customer goes to Jae, see language-routing.test.ts).
    await tt.seedCustomer({ language: 'en' });
  });
  afterEach(() => tt.stop());

  const dms = (person: string): ConnectorCall[] => tt.connector.sent('post', `a:1to1-29:${person}`);
  const advanceTo = async (iso: string) => tt.t.advance(Date.parse(iso) - tt.t.clock.now().getTime());

  it('nudges the assignee at 50% and 100% of the accept SLA, escalates to the lead at 150%, in business hours', async () => {
    const post = await handOver(tt);
    const [h] = await tt.t.store.listHandoffs({ to: 'delivery' });
    expect(h?.assignee).toBe('tom');
    const before = dms('tom').length;

    // 4 business hours from Monday 15:00: 50% falls at 17:00, 100% Tuesday 10:30, 150% Tuesday 12:30.
    await advanceTo('2026-11-23T16:59:00Z');
    expect(dms('tom')).toHaveLength(before);
    await tt.t.advance(MIN);
    expect(dms('tom')).toHaveLength(before + 1);
    const nudge = cardOf(dms('tom').at(-1));
    expect(cardText(nudge)).toContain('Reminder: Acme Corp');
    expect(cardText(nudge)).toContain('is waiting for you to accept');

    // Overnight nothing is sent; the next one comes at Tuesday 10:30.
    await advanceTo('2026-11-24T10:29:00Z');
    expect(dms('tom')).toHaveLength(before + 1);
    await tt.t.advance(MIN);
    expect(dms('tom')).toHaveLength(before + 2);

    await advanceTo('2026-11-24T12:29:00Z');
    const leadBefore = dms('priya').length;
    await tt.t.advance(MIN);
    const escalation = dms('priya')
      .slice(leadBefore)
      .map((c) => cardText(cardOf(c)));
    expect(escalation.join('\n')).toContain('Escalated to you: Acme Corp');
    expect(escalation.join('\n')).toContain('Tom Becker has not accepted Acme Corp yet');
    // The card in the channel is marked.
    const updates = tt.connector.sent('update', IDS.delivery).filter((u) => u.activityId === post.id);
    expect(cardText(cardOf(updates.at(-1)))).toContain('Escalated to Priya Shah');

    // Never twice for the same due item.
    await tt.t.advance(60 * MIN);
    expect(dms('tom')).toHaveLength(before + 2);
  });

  it('Accept on the reminder answers with the live card and the owner’s deadline, and stops the reminders', async () => {
    await handOver(tt);
    await tt.t.advance(2 * 60 * MIN);
    const nudge = cardOf(dms('tom').at(-1));
    const answer = await pressOn(tt, 'tom', nudge, 'accept', {}, { personal: true });
    const text = cardText(cardOf(answer));
    expect(text).toMatch(/You now own Acme Corp\. Log the first contact by/);
    expect(text).toContain('Accepted by Tom Becker');
    const [h] = await tt.t.store.listHandoffs({ to: 'delivery' });
    const pending = (await tt.t.store.listFollowUps({ handoffId: h?.id })).filter(
      (f) => f.status === 'pending',
    );
    expect(pending.every((f) => f.window === 'firstContact')).toBe(true);
  });

  it('an owner with several items due gets one digest, each item with its own buttons', async () => {
    await tt.seedCustomer({ id: 'cus_beta', name: 'Beta Ltd', aliases: [] });
    for (const name of ['Acme Corp', 'Beta Ltd']) {
      await tt.say('dana', `handoff ${name} to @tom`);
      const reply = tt.connector
        .sent('reply', undefined)
        .filter((c) => c.conversationId?.startsWith(IDS.general))
        .at(-1);
      await pressOn(tt, 'dana', cardOf(reply), 'handoff', {
        'f.summary': 'Annual plan',
        'f.goLiveDate': '2027-01-15',
        'f.keyContact': 'Min-jun Kim',
      });
    }
    await tt.t.advance(0);
    const before = dms('tom').length;
    await tt.t.advance(2 * 60 * MIN);
    const sent = dms('tom').slice(before);
    expect(sent).toHaveLength(1);
    const digest = cardOf(sent[0]);
    expect(cardText(digest)).toContain('You have 2 follow-ups due');
    expect(JSON.stringify(digest)).toContain('"id":"reason.1"');
    // A button in a digest answers with a message and leaves the other item be.
    const answer = await pressOn(tt, 'tom', digest, 'accept', {}, { personal: true });
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
  });
});
