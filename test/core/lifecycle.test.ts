import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    // No reminders for a declined handoff.
    slack.clear();
    await t.advance(3 * 24 * 3_600_000);
    expect(slack.sent.filter((x) => x.item.delivery.message.type === 'reminder')).toHaveLength(0);
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

  it('snoozes reminders within limits, never past the escalation', async () => {
    const s = t.baton.services;
    const before = await t.store.listFollowUps({ handoffId: handoff.id });
    const escalation = before.find((f) => f.kind === 'escalation');
    expect(await s.snooze({ handoffId: handoff.id, actor: 'tom', duration: 'P3D' })).toMatchObject({
      ok: false,
      failure: { code: 'SNOOZE_LIMIT' },
    });
    expect((await s.snooze({ handoffId: handoff.id, actor: 'tom', duration: 'PT1H' })).ok).toBe(true);
    expect((await s.snooze({ handoffId: handoff.id, actor: 'tom', duration: 'P1D' })).ok).toBe(true);
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
    expect((await s.snooze({ handoffId: handoff.id, actor: 'tom', duration: 'PT1H' })).ok).toBe(true);
    // The bundled config allows three snoozes a handoff.
    expect(await s.snooze({ handoffId: handoff.id, actor: 'tom', duration: 'PT1H' })).toMatchObject({
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
