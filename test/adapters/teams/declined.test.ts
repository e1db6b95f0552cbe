import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, handOver, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

const HOUR = 3_600_000;
const MIN = 60_000;

describe('Teams: a declined handoff that is never sent again', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 in London, where Delivery works 09:00-17:30.
    tt = await startTeams();
    await tt.install(['tom', 'priya', 'dana']);
    await tt.seedCustomer();
  });
  afterEach(() => tt.stop());

  const dms = (person: string): ConnectorCall[] => tt.connector.sent('post', `a:1to1-29:${person}`);
  const reminders = (person: string) =>
    dms(person)
      .map((c) => cardText(cardOf(c)))
      .filter((t) => /Reminder:|Escalated to you:/.test(t));
  const advanceTo = async (iso: string) => tt.t.advance(Date.parse(iso) - tt.t.clock.now().getTime());

  it('nudges the sender and escalates to the leads on the first-contact schedule; Dana may not accept her own', async () => {
    const post = await handOver(tt);
    const inChannel = { channel: IDS.delivery, replyToId: post.id ?? '' };

    // Dana handed it over (she is Sales' lead and an admin): she cannot take it herself.
    const own = await pressOn(tt, 'dana', cardOf(post), 'accept', {}, inChannel);
    expect(JSON.stringify(own.value)).toContain(
      'You handed this customer over, so Delivery takes it from here',
    );
    expect((await tt.t.store.listHandoffs({ to: 'delivery' }))[0]?.state).toBe('open');

    await pressOn(tt, 'tom', cardOf(post), 'decline', { reason: 'No go-live date agreed' }, inChannel);
    await tt.t.advance(0);
    const tomBefore = dms('tom').length;

    // First contact was due two London working days after the card went out (Wed 15:00):
    // half of it falls Tue 15:00, the deadline Wed 15:00, and 150% Thu 15:00.
    await advanceTo('2026-11-24T14:59:00Z');
    expect(reminders('dana')).toEqual([]);
    await tt.t.advance(MIN);
    expect(reminders('dana')).toHaveLength(1);
    expect(reminders('dana')[0]).toContain('Reminder: Acme Corp');
    expect(reminders('dana')[0]).toContain(
      'Delivery declined Acme Corp and the customer still has no first contact. Send it again',
    );
    await advanceTo('2026-11-25T15:00:00Z');
    expect(reminders('dana')).toHaveLength(2);
    await advanceTo('2026-11-26T14:59:00Z');
    expect(reminders('priya')).toEqual([]);
    await tt.t.advance(MIN);
    for (const lead of ['dana', 'priya']) {
      const escalation = reminders(lead).filter((t) => t.includes('Escalated to you: Acme Corp'));
      expect(escalation).toHaveLength(1);
      expect(escalation[0]).toContain(
        'Delivery declined the handoff of Acme Corp from Sales; Dana Reyes has not sent it again or cancelled it',
      );
    }
    // Tom declined it: nothing more is asked of him.
    expect(dms('tom')).toHaveLength(tomBefore);

    // Once, not again.
    const before = reminders('dana').length + reminders('priya').length;
    await tt.t.advance(7 * 24 * HOUR);
    expect(reminders('dana').length + reminders('priya').length).toBe(before);
  });
});
