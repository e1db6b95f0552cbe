import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/harness.js';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';

const FIXTURE = path.join(REPO, 'test/fixtures/routing');
const ROUTING_ENV = {
  BATON_CONFIG: path.join(FIXTURE, 'baton.config.yaml'),
  BATON_HANDOFFS: path.join(FIXTURE, 'handoffs'),
};

const customer = (id: string, name: string, language: string | undefined, team = 'sales') =>
  aCustomer({ id, name, aliases: [], language, team, stage: team, owner: undefined, externalIds: {} });

describe('Slack: customers go to people who speak their language', () => {
  let s: SlackTest;
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  it('Korean customers always go to Jae; English and unrecorded ones to Tom (the example config)', async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [
      aCustomer(),
      customer('cus_hanbit', 'Hanbit Foods', 'ko-KR'),
      customer('cus_globex', 'Globex', 'en'),
      customer('cus_initech', 'Initech', undefined),
    ]);
    for (const name of ['Acme Corp', 'Globex', 'Hanbit Foods', 'Initech'])
      await handoffVia(s, 'U0DANA', `${name} to delivery`);
    await s.pass();
    expect(textOf(messageIn(s, 'C0DELIVERY', 'Acme Corp'))).toContain('waiting for Jae-won Kim (Delivery)');
    expect(textOf(messageIn(s, 'C0DELIVERY', 'Hanbit Foods'))).toContain(
      'waiting for Jae-won Kim (Delivery)',
    );
    expect(textOf(messageIn(s, 'C0DELIVERY', 'Globex'))).toContain('waiting for Tom Becker (Delivery)');
    expect(textOf(messageIn(s, 'C0DELIVERY', 'Initech'))).toContain('waiting for Tom Becker (Delivery)');
    // Delivery serves Korean: no banner, and Priya is not told of any gap.
    expect(textOf(messageIn(s, 'C0DELIVERY', 'Acme Corp'))).not.toContain('speaks Korean');
    expect(s.fake.channel('DU0PRIYA')).toHaveLength(0);
  });

  it('English customers rotate among the English speakers while Korean ones stay with Jae', async () => {
    s = await startSlackTest({ env: ROUTING_ENV });
    const names = ['Hanbit Foods', 'Globex', 'Seoul Robotics', 'Initech', 'Umbrella'];
    await seedCustomers(s.t.store, [
      customer('c1', 'Hanbit Foods', 'ko'),
      customer('c2', 'Globex', 'en'),
      customer('c3', 'Seoul Robotics', 'ko'),
      customer('c4', 'Initech', 'en'),
      customer('c5', 'Umbrella', undefined),
    ]);
    for (const name of names) await handoffVia(s, 'U0SAM', `${name} to delivery`);
    await s.pass();
    const waiting = (name: string) =>
      /waiting for ([^(]+) \(Delivery\)/.exec(textOf(messageIn(s, 'C0DELIVERY', name)))?.[1];
    expect(names.map(waiting)).toEqual([
      'Jae-won Kim',
      'Tom Becker',
      'Jae-won Kim',
      'Ana Souza',
      'Tom Becker',
    ]);
  });

  it('a claim playbook tells the Korean speakers first, and one claims from the message', async () => {
    s = await startSlackTest({ env: ROUTING_ENV });
    await seedCustomers(s.t.store, [customer('c1', 'Hanbit Foods', 'ko')]);
    await handoffVia(s, 'U0SAM', 'Hanbit Foods to support');
    await s.pass();
    expect(textOf(messageIn(s, 'C0SUPPORT', 'Hanbit Foods'))).toContain(
      'Open: waiting for Support to accept',
    );
    const [toHana] = s.fake.channel('DU0HANA');
    expect(textOf(toHana)).toContain('A customer who speaks Korean is waiting: Hanbit Foods');
    expect(textOf(s.fake.channel('DU0YEJI')[0])).toContain('한국어 고객이 기다리고 있습니다: Hanbit Foods');
    expect(s.fake.channel('DU0LEE')).toHaveLength(0);
    expect(s.fake.channel('DU0MAX')).toHaveLength(0);
    if (!toHana) throw new Error('Hana was not told');
    const claimed = await s.slack.click(toHana, 'baton:accept', 'U0HANA');
    expect((await s.slack.answer(claimed.responseId)).text).toMatch(/^You now own Hanbit Foods\./);
    await s.pass();
    expect(textOf(messageIn(s, 'C0SUPPORT', 'Hanbit Foods'))).toContain('Accepted by Hana Cho');
  });

  it('a playbook’s fallback person gets the card directly', async () => {
    s = await startSlackTest({ env: ROUTING_ENV });
    await seedCustomers(s.t.store, [customer('c1', 'Hanbit Foods', 'ko')]);
    await handoffVia(s, 'U0SAM', 'Hanbit Foods to success');
    await s.pass();
    expect(s.fake.channel('C0SUCCESS')).toHaveLength(0);
    const [card] = s.fake.channel('DU0JAE');
    expect(textOf(card)).toContain('Hanbit Foods: Sales → Success');
    if (!card) throw new Error('no card to Jae');
    const accepted = await s.slack.click(card, 'baton:accept', 'U0JAE');
    expect((await s.slack.answer(accepted.responseId)).text).toContain('이제 Hanbit Foods의 담당자입니다');
  });

  it('a Korean customer handed to Care, where nobody speaks Korean: Ji-woo is told at once, the card says so', async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer({ team: 'delivery', stage: 'delivery', owner: 'tom' })]);
    await handoffVia(s, 'U0TOM', 'Acme Corp to care', { 'f:keyContact': 'Min-jun Kim' });
    // The outbox runs; no time has passed.
    await s.pass();
    const card = messageIn(s, 'C0CARE', 'Acme Corp');
    // Care reads Korean: the banner is in Korean, marked like an escalation.
    expect(textOf(card)).toContain(':rotating_light: *Customer Care에는 한국어를 하는 사람이 없습니다*');
    const told = s.fake.channel('DU0JIWOO');
    expect(told).toHaveLength(1);
    expect(textOf(told[0])).toContain('Customer Care에 한국어를 하는 사람이 없습니다: Acme Corp');
    const dm = told[0];
    if (!dm) throw new Error('Ji-woo was not told');
    // Min-ho was asked (nobody in Care speaks Korean); from the message, Ji-woo takes it herself.
    expect((await s.t.store.listHandoffs({ to: 'care' }))[0]?.assignee).toBe('minho');
    const moved = await s.slack.click(dm, 'baton:reassign', 'U0JIWOO', { user: 'U0JIWOO' });
    expect(moved.res.status).toBe(200);
    expect((await s.t.store.listHandoffs({ to: 'care' }))[0]?.assignee).toBe('jiwoo');
  });
});
