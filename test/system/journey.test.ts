import { afterEach, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer } from '../support/seed.js';

const HOUR = 3_600_000;
const MIN = 60_000;

const customer = (id: string, name: string, team: string) => aCustomer(id, name, team, { language: 'ko' });

function kinds(list: ReturnType<ReturnType<typeof recordingPlatform>['toPerson']>) {
  return list.map((s) =>
    s.item.rendered.kind === 'notice' ? s.item.rendered.notice.kind : s.item.rendered.kind,
  );
}

describe('a customer carried from marketing to care', () => {
  let t: TestBaton;
  afterEach(async () => t?.stop());

  it('sends every nudge, escalation and digest when the playbook says, once', async () => {
    const slack = recordingPlatform('slack');
    // Monday 2026-11-23 10:00 in New York.
    t = await startTestBaton({ adapters: async () => [slack.adapter], now: '2026-11-23T15:00:00Z' });
    const s = t.baton.services;
    await t.store.commit({
      customers: [
        { value: customer('acme', 'Acme Corp', 'marketing'), expectedVersion: null },
        { value: customer('globex', 'Globex', 'sales'), expectedVersion: null },
      ],
    });

    // Marketing hands Acme to sales: round-robin picks Sam (the lead, Dana, is kept for escalations).
    const started = await s.startHandoff({
      actor: 'mia',
      customer: { id: 'acme' },
      to: { team: 'sales' },
      context: { summary: 'Asked for a demo of the enterprise plan' },
      source: { kind: 'person' },
    });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const lead = started.value.handoff;
    expect(lead.state).toBe('open');
    expect(lead.assignee).toBe('sam');
    // PT4H of New York business time from 10:00 Monday.
    expect(lead.acceptDueAt).toBe('2026-11-23T19:00:00.000Z');

    await t.advance(0);
    expect(slack.toTeam('sales')).toHaveLength(1);
    expect(slack.toTeam('sales')[0]?.item.rendered.kind).toBe('card');
    // Acme is Korean and nobody in Sales speaks it: Dana, its lead, is told at once.
    expect(kinds(slack.toPerson('dana'))).toEqual(['info']);

    // 50% of the accept window: 12:00 New York. Nothing before it.
    await t.advance(2 * HOUR - MIN);
    expect(slack.toPerson('sam')).toHaveLength(0);
    await t.advance(MIN);
    expect(kinds(slack.toPerson('sam'))).toEqual(['nudge']);

    // Sam accepts at 12:30: the accept reminders stop; the first-contact clock runs from 10:00.
    await t.advance(30 * MIN);
    const accepted = await s.accept({ handoffId: lead.id, actor: 'sam' });
    expect(accepted.ok).toBe(true);
    // Another click on the same card is told who accepted.
    const again = await s.accept({ handoffId: lead.id, actor: 'dana' });
    expect(again).toMatchObject({
      ok: false,
      failure: { code: 'ALREADY_ACCEPTED', vars: { person: 'Sam Okafor' } },
    });

    // 14:00: the accept deadline passes unnoticed (accepted), but half of the
    // P1D first-contact window (4 business hours) is due: one nudge.
    await t.advance(90 * MIN);
    expect(kinds(slack.toPerson('sam'))).toEqual(['nudge', 'nudge']);
    expect(kinds(slack.toPerson('dana'))).toEqual(['info']);

    // Tuesday 09:00: Sam calls; the first-contact reminders stop.
    t.clock.set('2026-11-24T14:00:00Z');
    const contacted = await s.logHandoffContact({
      handoffId: lead.id,
      actor: 'sam',
      channel: 'call',
      note: 'Intro call',
    });
    expect(contacted.ok && contacted.value.state).toBe('contacted');
    await t.advance(10 * HOUR);
    expect(kinds(slack.toPerson('sam'))).toEqual(['nudge', 'nudge']);
    expect(kinds(slack.toPerson('dana'))).toEqual(['info']);

    // The purchase: Sam hands Acme and Globex to delivery (London) at the same moment.
    t.clock.set('2026-11-25T10:00:00Z');
    slack.clear();
    for (const id of ['acme', 'globex']) {
      const r = await s.startHandoff({
        actor: 'sam',
        customer: { id },
        to: { team: 'delivery' },
        context: { summary: 'Signed for 3 years', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
        source: { kind: 'person' },
      });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    const acme = await t.store.getCustomer('acme');
    expect(acme?.postPurchase).toBe(true);
    expect(acme?.purchasedAt).toBe('2026-11-25T10:00:00.000Z');

    // Both are Korean: Jae, Delivery's Korean speaker, is asked. He ignores both: at 50%
    // (12:00 London) ONE digest, not two messages.
    await t.advance(2 * HOUR);
    expect(kinds(slack.toPerson('jae'))).toEqual(['digest']);
    const digest = slack.toPerson('jae')[0]?.item.rendered;
    expect(digest?.kind === 'notice' && digest.notice.items).toHaveLength(2);
    // 100% at 14:00, escalation to Priya at 150% (16:00), marked on the cards.
    await t.advance(2 * HOUR);
    expect(kinds(slack.toPerson('jae'))).toEqual(['digest', 'digest']);
    expect(slack.toPerson('priya')).toHaveLength(0);
    await t.advance(2 * HOUR);
    expect(kinds(slack.toPerson('priya'))).toEqual(['digest']);
    const handoffs = await t.store.listHandoffs({ customerId: 'acme', states: ['open'] });
    expect(handoffs[0]?.escalations?.map((e) => e.to)).toEqual([{ kind: 'person', person: 'priya' }]);
    const updates = slack.sent.filter((x) => x.item.delivery.message.type === 'card-update');
    expect(updates.some((u) => u.item.rendered.kind === 'card' && u.item.rendered.card.escalations)).toBe(
      true,
    );

    // A day later the first-contact reminders of the unaccepted handoffs have come too
    // (the customer waits whether or not anyone accepted), but no due item twice.
    await t.advance(24 * HOUR);
    const remindedIds = slack.sent.flatMap((x) =>
      x.item.delivery.message.type === 'reminder' ? x.item.delivery.message.followUps.map((f) => f.id) : [],
    );
    expect(remindedIds.some((id) => id.includes(':firstContact:'))).toBe(true);
    expect(new Set(remindedIds).size).toBe(remindedIds.length);

    // Tom takes Acme and reaches the customer; then delivery hands over to care (Seoul).
    const acmeDelivery = handoffs[0];
    if (!acmeDelivery) throw new Error('no delivery handoff');
    expect(
      (await s.logHandoffContact({ handoffId: acmeDelivery.id, actor: 'tom', channel: 'meeting' })).ok,
    ).toBe(true);
    const toCare = await s.startHandoff({
      actor: 'tom',
      customer: { id: 'acme' },
      to: { team: 'care' },
      context: { summary: 'Live since Jan 15', keyContact: 'Min-jun Kim' },
      source: { kind: 'person' },
    });
    expect(toCare.ok && toCare.value.handoff.assignee).toBe('minho');
    if (!toCare.ok) return;
    // Nobody in Care speaks Korean: Ji-woo, its lead, is told at once.
    await t.advance(0);
    expect(kinds(slack.toPerson('jiwoo'))).toEqual(['info']);
    expect(
      (await s.logHandoffContact({ handoffId: toCare.value.handoff.id, actor: 'minho', channel: 'call' })).ok,
    ).toBe(true);
    const inCare = await t.store.getCustomer('acme');
    expect(inCare).toMatchObject({ team: 'care', owner: 'minho' });
    // Care cadence P30D: the next contact is owed 30 Seoul business days later.
    expect(inCare?.contactDueAt).toBeDefined();

    // Nobody calls. At 80% Min-ho is nudged, at the deadline again (and /cx gaps
    // lists Acme from then on), at 120% Ji-woo (the lead) is escalated to.
    slack.clear();
    const cadence = await t.store.listFollowUps({ customerId: 'acme' });
    expect(cadence.map((f) => `${f.window}:${f.kind}:${f.step}`)).toEqual([
      'cadence:nudge:80%',
      'cadence:nudge:100%',
      'cadence:escalation:120%',
    ]);
    const due = Date.parse(inCare?.contactDueAt ?? '');
    expect(cadence[1]?.dueAt).toBe(inCare?.contactDueAt);
    t.clock.set(cadence[0]?.dueAt ?? '');
    await t.advance(0);
    expect(kinds(slack.toPerson('minho'))).toEqual(['nudge']);
    t.clock.set(new Date(due - MIN));
    expect((await s.gaps()).map((g) => g.customer.id)).not.toContain('acme');
    await t.advance(2 * MIN);
    expect((await s.gaps()).map((g) => g.customer.id)).toContain('acme');
    expect(kinds(slack.toPerson('minho'))).toEqual(['nudge', 'nudge']);
    expect(slack.toPerson('jiwoo')).toHaveLength(0);
    t.clock.set(cadence[2]?.dueAt ?? '');
    await t.advance(0);
    expect(kinds(slack.toPerson('jiwoo'))).toEqual(['escalation']);
    // The reminder speaks Korean to Ji-woo.
    const esc = slack.toPerson('jiwoo')[0]?.item.rendered;
    expect(esc?.kind === 'notice' && esc.notice.locale).toBe('ko');
    // A call logged now stops the cadence reminders and takes Acme off the gaps list.
    expect((await s.logCustomerContact({ customerId: 'acme', actor: 'minho', channel: 'call' })).ok).toBe(
      true,
    );
    expect((await s.gaps()).map((g) => g.customer.id)).not.toContain('acme');
    const sentBefore = slack.sent.length;
    await t.advance(20 * 24 * HOUR);
    expect(slack.sent.length).toBe(sentBefore);
  });
});
