import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../src/cards/model.js';
import type { Customer, Handoff } from '../../src/domain/types.js';
import { auditSentence } from '../../src/views/timeline.js';
import { REPO, startTestBaton, type TestBaton } from '../support/harness.js';
import { recordingPlatform, type Sent } from '../support/recording-notifier.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

const FIXTURE = path.join(REPO, 'test/fixtures/routing');

describe('handoffs routed by the customer’s language', () => {
  let t: TestBaton;
  let chat: ReturnType<typeof recordingPlatform>;

  beforeEach(async () => {
    chat = recordingPlatform('slack');
    t = await startTestBaton({
      adapters: async () => [chat.adapter],
      env: {
        BATON_CONFIG: path.join(FIXTURE, 'baton.config.yaml'),
        BATON_HANDOFFS: path.join(FIXTURE, 'handoffs'),
      },
    });
  });
  afterEach(async () => t.stop());

  async function handOver(c: Customer, to: string, from = 'sales'): Promise<Handoff> {
    await seedCustomers(t.store, { ...c, team: from, stage: from });
    const r = await t.baton.services.startHandoff({
      actor: from === 'sales' ? 'sam' : 'priya',
      customer: { id: c.id },
      to: { team: to },
      context: { summary: 'Signed' },
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
    return r.value.handoff;
  }
  const customer = (id: string, language?: string) =>
    aCustomer(id, id.toUpperCase(), 'sales', language ? { language } : {});
  const notices = (person: string): Notice[] =>
    chat
      .toPerson(person)
      .flatMap((s: Sent) => (s.item.rendered.kind === 'notice' ? [s.item.rendered.notice] : []));
  const audit = async (customerId: string, action: string) =>
    (await t.store.history(customerId)).flatMap((e) =>
      e.kind === 'audit' && e.entry.action === action ? [e.entry] : [],
    );

  it('sends every Korean customer to the Korean speaker and rotates English ones among the others', async () => {
    const picks: Array<[string, string | undefined]> = [];
    for (const [id, lang] of [
      ['k1', 'ko'],
      ['e1', 'en'],
      ['k2', 'ko-KR'],
      ['e2', 'en-GB'],
      ['e3', 'en'],
      ['k3', 'ko'],
      ['e4', 'en'],
    ] as const)
      picks.push([id, (await handOver(customer(id, lang), 'delivery')).assignee]);
    // Priya leads Delivery: leads are picked last. Jae speaks only Korean; Tom and Ana take turns.
    expect(picks).toEqual([
      ['k1', 'jae'],
      ['e1', 'tom'],
      ['k2', 'jae'],
      ['e2', 'ana'],
      ['e3', 'tom'],
      ['k3', 'jae'],
      ['e4', 'ana'],
    ]);
    // One rotation per team and language: the Korean picks never moved the English turn.
    expect(await t.store.getKv('round-robin', 'delivery:ko')).toBe(0);
    expect(await t.store.getKv('round-robin', 'delivery:en')).toBe(1);
    await t.advance(0);
    // Delivery has a Korean speaker: nobody is told of a gap, no card carries a banner.
    expect(notices('priya')).toEqual([]);
    const cards = chat
      .toTeam('delivery')
      .map((s) => (s.item.rendered.kind === 'card' ? s.item.rendered.card : undefined));
    expect(cards).toHaveLength(7);
    expect(cards.every((c) => c && c.languageGap === undefined)).toBe(true);
  });

  it('sends customers with no language recorded to speakers of the company’s language', async () => {
    const first = await handOver(customer('u1'), 'delivery');
    const second = await handOver(customer('u2'), 'delivery');
    expect([first.assignee, second.assignee]).toEqual(['tom', 'ana']);
    expect(await t.store.getKv('round-robin', 'delivery:en')).toBe(1);
    await t.advance(0);
    expect(notices('priya')).toEqual([]);
  });

  it('tells a claim team’s speakers first, with the Accept button, and stops once one claims', async () => {
    const h = await handOver(customer('k1', 'ko'), 'support');
    expect(h.assignee).toBeUndefined();
    await t.advance(0);
    expect(chat.toTeam('support')).toHaveLength(1);
    for (const person of ['hana', 'yeji']) {
      const [notice] = notices(person);
      expect(notice?.title).toBe(
        person === 'yeji'
          ? '한국어 고객이 기다리고 있습니다: K1'
          : 'A customer who speaks Korean is waiting: K1',
      );
      expect(notice?.items[0]?.actions.map((a) => a.id)).toEqual(['accept']);
    }
    expect(notices('lee')).toEqual([]);
    expect(notices('max')).toEqual([]);
    const [yeji] = notices('yeji');
    expect(yeji?.text).toContain('Support에서 담당자를 기다리고 있습니다');
    const claimed = await t.baton.services.accept({ handoffId: h.id, actor: 'yeji' });
    expect(claimed.ok).toBe(true);

    // A second Korean customer is claimed before Baton's messages go out: nobody is told of it.
    chat.clear();
    const h2 = await handOver(customer('k2', 'ko'), 'support');
    expect((await t.baton.services.accept({ handoffId: h2.id, actor: 'hana' })).ok).toBe(true);
    await t.advance(0);
    expect(notices('hana')).toEqual([]);
    expect(notices('yeji')).toEqual([]);
    // English is the company's language: the channel card is for everyone, nobody is singled out.
    chat.clear();
    await handOver(customer('e1', 'en'), 'support');
    await t.advance(0);
    expect(chat.sent.filter((s) => s.item.delivery.target.kind === 'person')).toEqual([]);
  });

  it('hands a customer to the playbook’s fallback team when the team has no speaker', async () => {
    const h = await handOver(customer('k1', 'ko'), 'care', 'delivery');
    // Care speaks English and Japanese; `ko-KR: care-korea` takes Korean customers. Sora leads it.
    expect(h).toMatchObject({ to: 'care-korea', assignee: 'yuna', playbook: 'delivery-to-care' });
    const [opened] = await audit('k1', 'handoff.opened');
    expect(opened?.details).toMatchObject({
      to: 'care-korea',
      languageFallback: { language: 'ko', kind: 'team', to: 'care-korea' },
    });
    await t.advance(0);
    expect(chat.toTeam('care-korea')).toHaveLength(1);
    expect(chat.toTeam('care')).toHaveLength(0);
    expect(notices('jiwoo')).toEqual([]);
    // A Japanese customer stays in Care, whose people serve Japanese.
    expect((await handOver(customer('j1', 'ja'), 'care', 'delivery')).to).toBe('care');
  });

  it('assigns the playbook’s fallback person, sending the card to them directly', async () => {
    const h = await handOver(customer('k1', 'ko'), 'success');
    expect(h).toMatchObject({ to: 'success', assignee: 'jae' });
    const [opened] = await audit('k1', 'handoff.opened');
    expect(opened?.details).toMatchObject({
      languageFallback: { language: 'ko', kind: 'person', to: 'jae' },
    });
    await t.advance(0);
    expect(chat.toTeam('success')).toHaveLength(0);
    const [card] = chat.toPerson('jae');
    expect(card?.item.rendered.kind === 'card' && card.item.rendered.card.languageGap).toBe(undefined);
    // Jae, not in Success, may accept what he was asked to.
    expect((await t.baton.services.accept({ handoffId: h.id, actor: 'jae' })).ok).toBe(true);
  });

  it('tells the lead at once when nobody can serve the language, and the card says so', async () => {
    const h = await handOver(customer('d1', 'de'), 'success');
    expect(h.assignee).toBe('ben');
    await t.advance(0);
    const [told] = notices('zoe');
    expect(told?.title).toBe('Nobody in Success speaks German: D1');
    expect(told?.items[0]?.actions.map((a) => a.id)).toEqual(['decline', 'reassign']);
    const [card] = chat.toTeam('success');
    expect(card?.item.rendered.kind === 'card' && card.item.rendered.card.languageGap).toBe(
      'Nobody in Success speaks German',
    );
    const [gap] = await audit('d1', 'handoff.languageGap');
    expect(gap?.details).toMatchObject({ language: 'de', team: 'success', told: ['zoe'] });
    const reader = { dir: t.baton.services.deps.dir, timeZone: 'Europe/London', now: t.clock.now() };
    expect(gap && auditSentence(gap, { ...reader, locale: 'en' })).toBe(
      'Nobody in Success speaks German: Baton told Zoe Martin at once.',
    );
    expect(gap && auditSentence(gap, { ...reader, locale: 'ko' })).toBe(
      'Success에 독일어를 하는 사람이 없어 Baton이 바로 Zoe Martin에게 알렸습니다.',
    );
  });

  it('tells the admins when the team has no lead', async () => {
    await handOver(customer('k1', 'ko'), 'billing');
    await t.advance(0);
    for (const admin of ['dana', 'sam'])
      expect(notices(admin).map((n) => n.title)).toEqual(['Nobody in Billing speaks Korean: K1']);
  });

  it('picks by language again when a declined handoff is sent again', async () => {
    const h = await handOver(customer('k1', 'ko'), 'delivery');
    expect(h.assignee).toBe('jae');
    expect(
      (await t.baton.services.decline({ handoffId: h.id, actor: 'jae', reason: 'No contract' })).ok,
    ).toBe(true);
    const again = await t.baton.services.resend({ handoffId: h.id, actor: 'sam' });
    if (!again.ok) throw new Error(JSON.stringify(again.failure));
    expect(again.value.assignee).toBe('jae');
    // Reassigning still works, to anyone in the team.
    const moved = await t.baton.services.reassign({ handoffId: h.id, actor: 'priya', to: 'tom' });
    expect(moved.ok && moved.value.assignee).toBe('tom');
  });
});
