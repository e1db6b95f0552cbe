import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmationText } from '../../src/cards/confirmations.js';
import { describeFailure } from '../../src/cards/replies.js';
import { mayDo } from '../../src/domain/lifecycle.js';
import type { Handoff } from '../../src/domain/types.js';
import { startTestBaton, type TestBaton } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

describe('the handoff lifecycle', () => {
  let t: TestBaton;
  let slack: ReturnType<typeof recordingPlatform>;
  let handoff: Handoff;

  beforeEach(async () => {
    slack = recordingPlatform('slack');
    t = await startTestBaton({ adapters: async () => [slack.adapter] });
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales', { language: 'ko' }));
    const r = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    handoff = r.value.handoff;
    await t.advance(0);
  });
  afterEach(async () => t.stop());

  it('lets exactly one of two simultaneous accepts win and tells the other who did', async () => {
    const s = t.baton.services;
    const [a, b] = await Promise.all([
      s.accept({ handoffId: handoff.id, actor: 'tom' }),
      s.accept({ handoffId: handoff.id, actor: 'priya' }),
    ]);
    const winners = [a, b].filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const loser = [a, b].find((r) => !r.ok);
    const winner = a.ok ? 'Tom Becker' : 'Priya Shah';
    expect(loser).toMatchObject({
      ok: false,
      failure: { code: 'ALREADY_ACCEPTED', vars: { person: winner } },
    });
    // One acceptance in the audit trail, one owner on the customer.
    const history = await t.store.history('acme');
    expect(history.filter((e) => e.kind === 'audit' && e.entry.action === 'handoff.accepted')).toHaveLength(
      1,
    );
    expect((await t.store.getCustomer('acme'))?.owner).toBe(a.ok ? 'tom' : 'priya');
  });

  it('refuses changes from people who may not make them', async () => {
    const s = t.baton.services;
    // Marketing is not the receiving team.
    expect(await s.accept({ handoffId: handoff.id, actor: 'mia' })).toMatchObject({
      ok: false,
      failure: { code: 'NOT_ALLOWED' },
    });
    // Someone Baton does not know.
    expect(await s.accept({ handoffId: handoff.id, actor: 'stranger' })).toMatchObject({
      ok: false,
      failure: { code: 'UNKNOWN_USER' },
    });
    expect((await s.accept({ handoffId: handoff.id, actor: 'tom' })).ok).toBe(true);
    // Only the owner, the lead or an admin reassigns or cancels.
    expect(await s.reassign({ handoffId: handoff.id, actor: 'sam', to: 'priya' })).toMatchObject({
      ok: false,
      failure: { code: 'NOT_ALLOWED' },
    });
    expect(await s.cancel({ handoffId: handoff.id, actor: 'minho' })).toMatchObject({ ok: false });
    // Reassigning to someone outside the receiving team is refused.
    expect(await s.reassign({ handoffId: handoff.id, actor: 'priya', to: 'sam' })).toMatchObject({
      ok: false,
      failure: { code: 'INVALID_INPUT', vars: { outsideTeam: 'sam' } },
    });
    const moved = await s.reassign({ handoffId: handoff.id, actor: 'priya', to: 'priya' });
    expect(moved.ok && moved.value).toMatchObject({ state: 'accepted', owner: 'priya' });
    expect((await t.store.getCustomer('acme'))?.owner).toBe('priya');
    const stored = await t.store.getHandoff(handoff.id);
    expect(stored?.state).toBe('accepted');
  });

  it('returns a declined handoff to the sender, who fixes it and sends it again', async () => {
    const s = t.baton.services;
    expect(await s.decline({ handoffId: handoff.id, actor: 'tom', reason: '  ' })).toMatchObject({
      ok: false,
      failure: { code: 'INVALID_INPUT' },
    });
    const declined = await s.decline({
      handoffId: handoff.id,
      actor: 'tom',
      reason: 'Go-live date is in the past',
    });
    expect(declined.ok && declined.value.state).toBe('declined');
    await t.advance(0);
    // The sender hears about it, with the reason.
    const note = slack.toPerson('sam').at(-1)?.item.rendered;
    expect(note?.kind === 'notice' && note.notice.text).toContain('Go-live date is in the past');
    // The customer still waits for a first contact: Sam, the sender, is reminded on
    // the original first-contact schedule (Delivery's business days, London: the card
    // went out Monday 15:00, two working days to first contact, reminders at half and
    // at the deadline), and past it by half again Sales' lead (Dana) and, the customer
    // having bought, Delivery's lead (Priya) are escalated to. Tom is no longer asked.
    slack.clear();
    const reminders = () =>
      slack.sent
        .filter((x) => x.item.delivery.message.type === 'reminder')
        .map((x) => {
          const target = x.item.delivery.target;
          return target.kind === 'person' ? target.person : target.kind;
        });
    await t.advance(24 * 3_600_000 - 60_000); // Tuesday 14:59
    expect(reminders()).toEqual([]);
    await t.advance(60_000); // Tuesday 15:00: half of the first-contact window
    expect(reminders()).toEqual(['sam']);
    await t.advance(24 * 3_600_000); // Wednesday 15:00: the deadline
    expect(reminders()).toEqual(['sam', 'sam']);
    await t.advance(24 * 3_600_000 - 60_000); // Thursday 14:59
    expect(reminders()).toHaveLength(2);
    await t.advance(60_000); // Thursday 15:00: 150%
    expect(reminders().slice(2).sort()).toEqual(['dana', 'priya']);
    const nudge = slack.toPerson('sam').find((x) => x.item.delivery.message.type === 'reminder')
      ?.item.rendered;
    expect(nudge?.kind === 'notice' && nudge.notice.text).toContain('Send it again');
    // Tom may not send it again; Sam may.
    expect(await s.resend({ handoffId: handoff.id, actor: 'tom' })).toMatchObject({ ok: false });
    const again = await s.resend({
      handoffId: handoff.id,
      actor: 'sam',
      context: { goLiveDate: '2027-02-01' },
    });
    expect(again.ok && again.value).toMatchObject({
      state: 'open',
      round: 2,
      context: { goLiveDate: '2027-02-01' },
    });
    // The same card is updated in place, and the new round has its own reminders.
    await t.advance(0);
    const updates = slack.sent.filter((x) => x.item.delivery.message.type === 'card-update');
    const last = updates.at(-1)?.item.rendered;
    expect(last?.kind === 'card' && last.card.state).toBe('open');
    const pending = await t.store.listFollowUps({ handoffId: handoff.id });
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((f) => f.id.includes(':r2:'))).toBe(true);
  });

  it('leaves accept, decline and first contact to Delivery, its lead and admins: never the sender', async () => {
    const s = t.baton.services;
    const dir = t.baton.dir;
    // Sam handed Acme over: he may not take it himself, and is told why.
    const own = await s.accept({ handoffId: handoff.id, actor: 'sam' });
    expect(own).toMatchObject({
      ok: false,
      failure: { code: 'NOT_ALLOWED', vars: { reason: 'own-handoff' } },
    });
    if (!own.ok) expect(describeFailure(dir, 'en', own.failure)).toContain('You handed this customer over');
    if (!own.ok) expect(describeFailure(dir, 'ko', own.failure)).toContain('직접 보낸 인계');
    expect(await s.logHandoffContact({ handoffId: handoff.id, actor: 'sam', channel: 'call' })).toMatchObject(
      {
        ok: false,
        failure: { code: 'NOT_ALLOWED' },
      },
    );
    // Mia leads Marketing: not Delivery's, not an admin, so she is refused and told who may.
    for (const attempt of [
      s.accept({ handoffId: handoff.id, actor: 'mia' }),
      s.decline({ handoffId: handoff.id, actor: 'mia', reason: 'not ready' }),
      s.logHandoffContact({ handoffId: handoff.id, actor: 'mia', channel: 'call' }),
    ]) {
      const r = await attempt;
      expect(r).toMatchObject({ ok: false, failure: { code: 'NOT_ALLOWED' } });
      if (!r.ok) {
        const words = describeFailure(dir, 'en', r.failure);
        expect(words).toContain('someone in Delivery');
        expect(words).toContain('Priya Shah');
        expect(words).toContain('an admin');
      }
    }
    // Dana is an admin who did not send this one: she may act for Delivery (checked, not done).
    const current = await t.store.getHandoff(handoff.id);
    if (!current) throw new Error('handoff gone');
    for (const action of ['accept', 'decline', 'contact'] as const)
      expect(mayDo(dir, current, 'dana', action), action).toBe(true);
    expect(await t.store.getHandoff(handoff.id)).toMatchObject({ state: 'open' });
    // What an admin outside the team may do: hand it to someone in Delivery.
    const moved = await s.reassign({ handoffId: handoff.id, actor: 'dana', to: 'tom' });
    expect(moved.ok && moved.value).toMatchObject({ state: 'open', assignee: 'tom' });
    // Anyone in Delivery may take it, the person it waits for or not.
    const taken = await s.accept({ handoffId: handoff.id, actor: 'priya' });
    expect(taken.ok && taken.value).toMatchObject({ state: 'accepted', owner: 'priya' });

    // An admin who hands over her own customer is refused like any sender.
    await seedCustomers(t.store, aCustomer('globex', 'Globex', 'sales'));
    const hers = await s.startHandoff({
      actor: 'dana',
      customer: { id: 'globex' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!hers.ok) throw new Error(JSON.stringify(hers));
    expect(await s.accept({ handoffId: hers.value.handoff.id, actor: 'dana' })).toMatchObject({
      ok: false,
      failure: { code: 'NOT_ALLOWED', vars: { reason: 'own-handoff' } },
    });
  });

  it('does not let a contact by someone without a right over the handoff clear the customer from /cx gaps', async () => {
    const s = t.baton.services;
    // Acme bought (the playbook is post-purchase); its first contact is due Wednesday 15:00 London.
    const due = '2026-11-25T15:00:00.000Z';
    expect((await t.store.getCustomer('acme'))?.contactDueAt).toBe(due);
    await t.advance(3 * 24 * 3_600_000); // Thursday: overdue
    expect((await s.gaps()).map((g) => g.customer.id)).toEqual(['acme']);
    // Mia (Marketing) reached the customer: refused, saying who may log it; nothing moves.
    const r = await s.logCustomerContact({ customerId: 'acme', actor: 'mia', channel: 'call' });
    expect(r).toMatchObject({
      ok: false,
      failure: { code: 'NOT_ALLOWED', vars: { reason: 'handoff-waits' } },
    });
    if (!r.ok)
      expect(describeFailure(t.baton.dir, 'en', r.failure)).toContain("Acme Corp's handoff to Delivery");
    // A system of record's contact is kept on the timeline but does not stand in for the handoff's first contact.
    expect((await s.logCustomerContact({ customerId: 'acme', actor: 'system', channel: 'email' })).ok).toBe(
      true,
    );
    const after = await t.store.getCustomer('acme');
    expect(after?.contactDueAt).toBe(due);
    expect(after?.lastContactAt).toBeDefined();
    expect((await s.gaps()).map((g) => g.customer.id)).toEqual(['acme']);
    expect((await t.store.getHandoff(handoff.id))?.state).toBe('open');
    // Tom may: his contact counts for the handoff and the customer leaves /cx gaps.
    const ok = await s.logCustomerContact({ customerId: 'acme', actor: 'tom', channel: 'call' });
    expect(ok.ok && ok.value.handoff?.state).toBe('contacted');
    expect(await s.gaps()).toEqual([]);
  });

  it('says who owes a bought customer their next contact when the handoff is cancelled', async () => {
    const s = t.baton.services;
    const dir = t.baton.dir;
    // Acme stays in Sales, which has no contact cadence: /cx gaps lists it right away.
    const cancelled = await s.cancel({ handoffId: handoff.id, actor: 'sam' });
    if (!cancelled.ok) throw new Error(JSON.stringify(cancelled));
    expect(cancelled.value.afterCancel).toMatchObject({ kind: 'gap', team: 'sales' });
    const told = confirmationText({
      dir,
      now: t.clock.now(),
      reader: { locale: 'en', timeZone: 'Europe/London' },
      action: 'cancel',
      handoff: cancelled.value,
      customer: 'Acme Corp',
      where: '',
    });
    expect(told).toContain('/cx gaps');
    await t.advance(60_000);
    expect((await s.gaps()).map((g) => g.customer.id)).toEqual(['acme']);
    const card = slack.sent.filter((x) => x.item.delivery.message.type === 'card-update').at(-1)
      ?.item.rendered;
    expect(card?.kind === 'card' && card.card.status.text).toContain('/cx gaps');

    // Globex was accepted by Tom, then its handoff cancelled: it stays with Tom in Delivery,
    // on Delivery's two-week cadence from its purchase (Monday 23 Nov 15:01 plus 14 London
    // working days: Friday 11 Dec).
    await seedCustomers(t.store, aCustomer('globex', 'Globex', 'sales'));
    const g = await s.startHandoff({
      actor: 'sam',
      customer: { id: 'globex' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!g.ok) throw new Error(JSON.stringify(g));
    expect((await s.accept({ handoffId: g.value.handoff.id, actor: 'tom' })).ok).toBe(true);
    const gone = await s.cancel({ handoffId: g.value.handoff.id, actor: 'sam' });
    if (!gone.ok) throw new Error(JSON.stringify(gone));
    expect(gone.value.afterCancel).toMatchObject({
      kind: 'cadence',
      team: 'delivery',
      owner: 'tom',
      dueAt: '2026-12-11T15:01:00.000Z',
    });
    expect(await t.store.getCustomer('globex')).toMatchObject({
      owner: 'tom',
      contactDueAt: '2026-12-11T15:01:00.000Z',
    });
    const cadence = await t.store.listFollowUps({ customerId: 'globex' });
    expect(cadence.filter((f) => f.window === 'cadence').map((f) => f.recipient)).toContainEqual({
      kind: 'person',
      person: 'tom',
    });
    expect(
      confirmationText({
        dir,
        now: t.clock.now(),
        reader: { locale: 'en', timeZone: 'Europe/London' },
        action: 'cancel',
        handoff: gone.value,
        customer: 'Globex',
        where: '',
      }),
    ).toContain('stays with Tom Becker (Delivery)');
  });

  it('snoozes reminders within limits, never past the escalation', async () => {
    const s = t.baton.services;
    const before = await t.store.listFollowUps({ handoffId: handoff.id });
    const escalation = before.find((f) => f.kind === 'escalation');
    expect(await s.snooze({ handoffId: handoff.id, actor: 'jae', duration: 'P3D' })).toMatchObject({
      ok: false,
      failure: { code: 'SNOOZE_LIMIT' },
    });
    expect((await s.snooze({ handoffId: handoff.id, actor: 'jae', duration: 'PT1H' })).ok).toBe(true);
    expect((await s.snooze({ handoffId: handoff.id, actor: 'jae', duration: 'P1D' })).ok).toBe(true);
    const after = await t.store.listFollowUps({ handoffId: handoff.id });
    for (const f of after.filter((x) => x.kind === 'nudge')) {
      const own = after.find((x) => x.kind === 'escalation' && x.window === f.window);
      expect(Date.parse(f.dueAt)).toBeLessThanOrEqual(Date.parse(own?.dueAt ?? ''));
    }
    // The accept nudges moved; the escalations did not.
    const acceptNudges = after.filter((x) => x.kind === 'nudge' && x.window === 'accept');
    expect(acceptNudges.every((f) => f.dueAt !== before.find((b) => b.id === f.id)?.dueAt)).toBe(true);
    expect(after.filter((f) => f.kind === 'escalation').map((f) => f.dueAt)).toEqual(
      before.filter((f) => f.kind === 'escalation').map((f) => f.dueAt),
    );
    expect(escalation).toBeDefined();
    expect((await s.snooze({ handoffId: handoff.id, actor: 'jae', duration: 'PT1H' })).ok).toBe(true);
    // The bundled config allows three snoozes a handoff.
    expect(await s.snooze({ handoffId: handoff.id, actor: 'jae', duration: 'PT1H' })).toMatchObject({
      ok: false,
      failure: { code: 'SNOOZE_LIMIT' },
    });
  });

  it('does not start a handoff with missing required context, and says which fields', async () => {
    await seedCustomers(t.store, aCustomer('globex', 'Globex', 'sales'));
    const r = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'globex' },
      to: { team: 'delivery' },
      context: { summary: 'Signed' },
      source: { kind: 'person' },
    });
    expect(r).toMatchObject({
      ok: false,
      failure: { code: 'MISSING_FIELDS', vars: { fields: 'goLiveDate, keyContact' } },
    });
    expect(await t.store.listHandoffs({ customerId: 'globex' })).toEqual([]);
  });

  it('answers a handoff to nowhere with what is possible', async () => {
    const s = t.baton.services;
    expect(
      await s.startHandoff({
        actor: 'sam',
        customer: { id: 'acme' },
        to: { team: 'finance' },
        source: { kind: 'person' },
      }),
    ).toMatchObject({
      ok: false,
      failure: { code: 'TEAM_NOT_FOUND', vars: { teams: expect.stringContaining('delivery') } },
    });
    expect(
      await s.startHandoff({
        actor: 'sam',
        customer: { id: 'acme' },
        to: { team: 'care' },
        source: { kind: 'person' },
      }),
    ).toMatchObject({
      ok: false,
      failure: { code: 'NO_PLAYBOOK', vars: { pairs: expect.stringContaining('Sales → Delivery') } },
    });
    expect(await s.resolveCustomer('acme corp')).toMatchObject({ ok: true, value: { id: 'acme' } });
    expect(await s.resolveCustomer('Acme')).toMatchObject({ ok: true, value: { id: 'acme' } });
    expect(await s.resolveCustomer('Acme Crop')).toMatchObject({
      ok: false,
      failure: { code: 'CUSTOMER_NOT_FOUND', vars: { suggestions: 'Acme Corp' } },
    });
    expect(await s.resolveCustomer('Initech')).toMatchObject({
      ok: false,
      failure: { code: 'CUSTOMER_NOT_FOUND' },
    });
  });

  it('completes a contacted handoff and keeps it in the customer timeline', async () => {
    const s = t.baton.services;
    expect(
      (await s.logHandoffContact({ handoffId: handoff.id, actor: 'tom', channel: 'email', note: 'Kick-off' }))
        .ok,
    ).toBe(true);
    const done = await s.complete({ handoffId: handoff.id, actor: 'tom' });
    expect(done.ok && done.value.state).toBe('done');
    expect(await t.store.listHandoffs({ customerId: 'acme' })).toEqual([]);
    const view = await s.customerView('Acme Corp');
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    expect(view.value.daysSinceContact).toBe(0);
    const kinds = view.value.timeline.map((e) => (e.kind === 'audit' ? e.entry.action : e.kind));
    expect(kinds).toEqual(
      expect.arrayContaining([
        'handoff.opened',
        'handoff.contacted',
        'touchpoint',
        'handoff.completed',
        'handoff',
      ]),
    );
    expect(await t.store.getHandoff(handoff.id)).toMatchObject({ state: 'done' });
  });
});
