import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../adapters/slack/replays.js';
import { silentLogger } from '../../../src/log.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { fixture } from './slack-client.js';

const FORM = 'application/x-www-form-urlencoded';

describe('Slack: a signed request sent again within the signature window runs once', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [aCustomer()]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  async function contactsLogged(): Promise<number> {
    return (await s.t.store.history('cus_acme')).filter((e) => e.kind === 'touchpoint').length;
  }
  /** `/cx contact` as Slack sends it: these exact bytes, signed once, can be sent any number of times. */
  const contactCommand = (id: string) =>
    new URLSearchParams({
      ...fixture<Record<string, string>>('slash-command.json'),
      command: '/cx',
      text: 'contact Acme Corp call Walked through the onboarding plan',
      user_id: 'U0SAM',
      user_name: 'sam',
      channel_id: 'C0SALES',
      response_url: s.fake.responseUrl(id),
      trigger_id: `trigger.${id}`,
    }).toString();
  const answersAt = (id: string) => s.fake.callsOf('response_url').filter((c) => c.args.id === id);
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 300));
    await s.pass();
  };

  it('the same signed /cx contact sent twice logs one contact and answers once', async () => {
    const body = contactCommand('replayed');
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await s.slack.post(body, FORM, { timestamp });
    expect(first.status).toBe(200);
    const answer = await s.slack.answer('replayed');
    expect(String(answer.text)).toContain('Logged: call with Acme Corp');
    expect(await contactsLogged()).toBe(1);

    const replay = await s.slack.post(body, FORM, { timestamp });
    expect(replay.status).toBe(200);
    await settle();
    expect(await contactsLogged()).toBe(1);
    expect(answersAt('replayed')).toHaveLength(1);

    // The control: another command with the same words (its own trigger_id) is logged.
    expect((await s.slack.post(contactCommand('again'), FORM)).status).toBe(200);
    await s.slack.answer('again');
    expect(await contactsLogged()).toBe(2);
  });

  it('the same signed /handoff sent twice opens its form once', async () => {
    const body = new URLSearchParams({
      ...fixture<Record<string, string>>('slash-command.json'),
      command: '/handoff',
      text: 'Acme Corp to delivery',
      user_id: 'U0DANA',
      user_name: 'dana',
      response_url: s.fake.responseUrl('form'),
      trigger_id: 'trigger.form',
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await s.slack.post(body, FORM, { timestamp })).status).toBe(200);
    await s.fake.waitFor((c) => c.method === 'views.open' && c.args.trigger_id === 'trigger.form');
    expect((await s.slack.post(body, FORM, { timestamp })).status).toBe(200);
    await settle();
    expect(s.fake.callsOf('views.open').filter((c) => c.args.trigger_id === 'trigger.form')).toHaveLength(1);
  });

  it('an event Slack redelivers (X-Slack-Retry-Num, same event_id) is not run again; a new one is', async () => {
    const homes = () => s.fake.callsOf('views.publish').filter((c) => c.args.user_id === 'U0DANA').length;
    const open = { user: 'U0DANA', tab: 'home' };
    expect((await s.slack.event('app-home-opened.json', open, { eventId: 'Ev0ONCE' })).status).toBe(200);
    await s.fake.waitFor((c) => c.method === 'views.publish' && c.args.user_id === 'U0DANA');
    expect(homes()).toBe(1);
    const retry = await s.slack.event('app-home-opened.json', open, { eventId: 'Ev0ONCE', retryNum: 1 });
    expect(retry.status).toBe(200);
    const replay = await s.slack.event('app-home-opened.json', open, { eventId: 'Ev0ONCE' });
    expect(replay.status).toBe(200);
    await settle();
    expect(homes()).toBe(1);
    // The control: a new event_id is a new event.
    await s.slack.event('app-home-opened.json', open, { eventId: 'Ev0TWICE' });
    await s.fake.waitFor(() => homes() === 2);
  });
});

describe('the replay memory', () => {
  it('forgets an id after its lifetime, and holds at most its bound', () => {
    let now = 0;
    const clock = { now: () => new Date(now) };
    const guard = createReplayGuard({ clock, log: silentLogger, rememberMs: 1_000, max: 3 });
    expect(guard.firstTime('a')).toBe(true);
    expect(guard.firstTime('a')).toBe(false);
    now = 999;
    expect(guard.firstTime('a')).toBe(false);
    now = 1_000;
    expect(guard.firstTime('a')).toBe(true);
    for (const id of ['b', 'c', 'd', 'e']) expect(guard.firstTime(id)).toBe(true);
    expect(guard.size()).toBe(3);
    // The oldest went first: 'a' and 'b' are forgotten, the newest still recognised.
    expect(guard.firstTime('e')).toBe(false);
    expect(guard.firstTime('b')).toBe(true);
  });
});
