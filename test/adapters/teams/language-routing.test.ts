import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/harness.js';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, handOver, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

const FIXTURE = path.join(REPO, 'test/fixtures/routing');
const ROUTING_ENV = {
  BATON_CONFIG: path.join(FIXTURE, 'baton.config.yaml'),
  BATON_HANDOFFS: path.join(FIXTURE, 'handoffs'),
};
const SUPPORT = '19:support@thread.v2';
const CARE_KOREA = '19:carekr@thread.v2';

describe('Teams: customers go to people who speak their language', () => {
  let tt: TeamsTest;
  afterEach(() => tt.stop());

  const dms = (person: string): ConnectorCall[] => tt.connector.sent('post', `a:1to1-29:${person}`);
  const lastCard = (conversation: string, customer: string) => {
    const posts = tt.connector
      .sent('post', conversation)
      .filter((c) => cardText(cardOf(c)).includes(customer));
    return cardText(cardOf(posts.at(-1)));
  };

  /** `person` hands `customer` to `team` from `channel` through the form, with a summary; the outbox runs. */
  async function handoff(
    person: string,
    customer: string,
    team: string,
    fields: Record<string, string> = {},
  ) {
    const before = tt.connector.calls.length;
    await tt.say(person, `handoff ${customer} to ${team}`);
    const form = await tt.connector.waitFor(
      (c) =>
        tt.connector.calls.indexOf(c) >= before &&
        c.kind === 'reply' &&
        c.conversationId?.startsWith(IDS.general) === true,
    );
    await pressOn(tt, person, cardOf(form), 'handoff', { 'f.summary': 'Signed, 40 seats.', ...fields });
    await tt.t.advance(0);
  }

  it('Korean customers go to Jae, English ones to Tom (the example config)', async () => {
    tt = await startTeams();
    await tt.install(['tom', 'jae', 'priya', 'dana']);
    await tt.seedCustomer();
    await tt.seedCustomer({ id: 'cus_hanbit', name: 'Hanbit Foods', aliases: [], language: 'ko-KR' });
    await tt.seedCustomer({ id: 'cus_globex', name: 'Globex', aliases: [], language: 'en' });
    for (const name of ['Acme Corp', 'Globex', 'Hanbit Foods']) await handOver(tt, name);
    expect(lastCard(IDS.delivery, 'Acme Corp')).toContain('waiting for Jae-won Kim (Delivery)');
    expect(lastCard(IDS.delivery, 'Hanbit Foods')).toContain('waiting for Jae-won Kim (Delivery)');
    expect(lastCard(IDS.delivery, 'Globex')).toContain('waiting for Tom Becker (Delivery)');
    expect(dms('priya')).toHaveLength(0);
  });

  it('a Korean customer handed to Care: Ji-woo is told at once, and the card carries the banner', async () => {
    tt = await startTeams();
    await tt.install(['tom', 'jiwoo', 'minho', 'dana']);
    await tt.seedCustomer({ team: 'delivery', stage: 'delivery', owner: 'tom' });
    await handoff('tom', 'Acme Corp', 'care', { 'f.keyContact': 'Min-jun Kim' });
    // Care reads Korean (its team locale): the banner, in Korean, as loud as an escalation.
    expect(lastCard(IDS.care, 'Acme Corp')).toContain('🚨 Customer Care에는 한국어를 하는 사람이 없습니다');
    const told = dms('jiwoo');
    expect(told).toHaveLength(1);
    const notice = cardOf(told[0]);
    expect(cardText(notice)).toContain('Customer Care에 한국어를 하는 사람이 없습니다: Acme Corp');
    // Min-ho was asked (nobody in Care speaks Korean); from the message, Ji-woo takes it herself.
    expect((await tt.t.store.listHandoffs({ to: 'care' }))[0]?.assignee).toBe('minho');
    const moved = await pressOn(tt, 'jiwoo', notice, 'reassign', { person: 'jiwoo' }, { personal: true });
    expect(cardText(cardOf(moved))).toContain('이제 Ji-woo Park님이 Acme Corp를 담당합니다');
    expect((await tt.t.store.listHandoffs({ to: 'care' }))[0]?.assignee).toBe('jiwoo');
  });

  it('a claim playbook tells the Korean speakers first, and one claims from the message', async () => {
    tt = await startTeams({ env: ROUTING_ENV });
    await tt.install(['sam', 'hana', 'yeji', 'lee', 'max']);
    await tt.seedCustomer({ id: 'cus_hanbit', name: 'Hanbit Foods', aliases: [], owner: 'sam' });
    await handoff('sam', 'Hanbit Foods', 'support');
    expect(lastCard(SUPPORT, 'Hanbit Foods')).toContain('Open: waiting for Support to accept');
    expect(cardText(cardOf(dms('hana')[0]))).toContain(
      'A customer who speaks Korean is waiting: Hanbit Foods',
    );
    expect(cardText(cardOf(dms('yeji')[0]))).toContain('한국어 고객이 기다리고 있습니다: Hanbit Foods');
    expect(dms('lee')).toHaveLength(0);
    expect(dms('max')).toHaveLength(0);
    await pressOn(tt, 'yeji', cardOf(dms('yeji')[0]), 'accept', {}, { personal: true });
    await tt.t.advance(0);
    expect(lastCard(SUPPORT, 'Hanbit Foods')).toContain('Ye-ji Yoon');
  });

  it('a playbook’s fallback team takes the Korean customers its team cannot serve', async () => {
    tt = await startTeams({ env: ROUTING_ENV });
    await tt.install(['priya', 'tom', 'yuna', 'sora', 'jiwoo']);
    await tt.seedCustomer({
      id: 'cus_hanbit',
      name: 'Hanbit Foods',
      aliases: [],
      team: 'delivery',
      owner: 'tom',
    });
    await handoff('tom', 'Hanbit Foods', 'care');
    expect(tt.connector.sent('post', IDS.care)).toHaveLength(0);
    expect(lastCard(CARE_KOREA, 'Hanbit Foods')).toContain('Yuna Seo');
    expect(dms('jiwoo')).toHaveLength(0);
  });
});
