import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEEPL_QUOTA,
  DEEPL_TOO_MANY,
  FakeDeepl,
  leaksPersonal,
  PERSONAL,
} from '../../support/fake-translators.js';
import { handoffVia, messageIn } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

type Json = Record<string, unknown>;

const KOREAN = `고객 담당자 연락처는 ${PERSONAL.email}, ${PERSONAL.phone}입니다. SSO 설정이 먼저 필요합니다.`;
/** What a reader sees, without the zero-width characters the escaping adds. */
const seen = (blocks: unknown): string => visibleText(blocks).replace(/[\u200b-\u200d\u2060]/g, '');

const hasTranslate = (blocks: unknown): boolean => JSON.stringify(blocks ?? []).includes('"baton:translate"');

describe('Slack: the Translate button', () => {
  let s: SlackTest;
  let deepl: FakeDeepl;
  beforeEach(async () => {
    deepl = await new FakeDeepl().start();
  });
  afterEach(async () => {
    await s.stop();
    await deepl.close();
    expect(s.fake.violations).toEqual([]);
  });

  async function start(env: Record<string, string> = {}) {
    s = await startSlackTest({ env });
    // Served in English, so Delivery's English speaker Tom takes it and reads Baton in English.
    await seedCustomers(s.t.store, [aCustomer({ language: 'en' })]);
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery', { 'f:summary': KOREAN });
    await s.pass();
    return messageIn(s, 'C0DELIVERY', 'Acme Corp');
  }
  const withDeepl = () => ({ DEEPL_AUTH_KEY: deepl.authKey, DEEPL_SERVER_URL: deepl.url });

  async function translate(card: Parameters<SlackTest['slack']['click']>[0], user: string) {
    const clicked = await s.slack.click(card, 'baton:translate', user);
    expect(clicked.res.status).toBe(200);
    return s.slack.answer(clicked.responseId);
  }

  it('answers the clicker alone with the provider translation, addresses kept home, and a second click from the cache', async () => {
    const card = await start(withDeepl());
    expect(hasTranslate(card.blocks)).toBe(true);
    const posted = s.fake.channel('C0DELIVERY').length;

    const answer = await translate(card, 'U0TOM');
    expect(answer.response_type).toBe('ephemeral');
    const text = seen(answer.blocks);
    expect(text).toContain('Acme Corp, in English');
    expect(text).toContain('Machine translation by DeepL');
    // The fake's translation, with the address and number put back for the reader.
    expect(text).toContain(`[en-US] 고객 담당자 연락처는 ${PERSONAL.email}, ${PERSONAL.phone}입니다.`);
    expect(deepl.requests).toHaveLength(1);
    expect(deepl.requests[0]?.target).toBe('en-US');
    expect(deepl.requests[0]?.headers.authorization).toBe(`DeepL-Auth-Key ${deepl.authKey}`);
    // What left Baton: no e-mail address, no phone number. The check catches an unmasked one.
    expect(leaksPersonal(deepl.sent())).toBe(false);
    expect(leaksPersonal(new URLSearchParams({ text: KOREAN }).toString())).toBe(true);

    const again = await translate(card, 'U0PRIYA');
    expect(seen(again.blocks)).toContain(`[en-US] 고객 담당자 연락처는 ${PERSONAL.email}`);
    expect(deepl.requests).toHaveLength(1);
    // Nobody else saw any of it: nothing new in the channel.
    expect(s.fake.channel('C0DELIVERY')).toHaveLength(posted);
  });

  it('a provider error shows the original with a short note, never an error; a later click translates', async () => {
    const card = await start(withDeepl());
    deepl.failures = [DEEPL_QUOTA, DEEPL_TOO_MANY];
    for (const status of [456, 429]) {
      const answer = await translate(card, 'U0TOM');
      const text = seen(answer.blocks);
      expect(text, `after a ${status}`).toContain('Translation unavailable right now: showing the original.');
      expect(text).toContain(KOREAN);
      expect(text).not.toContain('Something went wrong');
    }
    const answer = await translate(card, 'U0TOM');
    expect(seen(answer.blocks)).toContain('[en-US] 고객 담당자');
    expect(seen(answer.blocks)).not.toContain('Translation unavailable');
  });

  it('/cx <customer> offers Translate for what was written about the customer, to readers of the customer only', async () => {
    await start(withDeepl());
    const { responseId } = await s.slack.command('/cx', 'Acme Corp', 'U0TOM');
    const view = await s.slack.answer(responseId);
    expect(hasTranslate(view.blocks)).toBe(true);
    const clicked = await s.slack.click(
      { channel: 'C0DELIVERY', ts: '9.9', blocks: view.blocks as unknown[], bot_id: 'B' },
      'baton:translate',
      'U0TOM',
    );
    const answer = await s.slack.answer(clicked.responseId);
    const text = seen(answer.blocks);
    expect(text).toContain('Sales → Delivery');
    expect(text).toContain('[en-US] 고객 담당자');

    // Olivia may not read Acme: the same button value gets her a refusal, and nothing is sent out.
    const before = deepl.requests.length;
    const refused = await s.slack.click(
      { channel: 'C0DELIVERY', ts: '9.9', blocks: view.blocks as unknown[], bot_id: 'B' },
      'baton:translate',
      'U0OLIVIA',
    );
    const no = await s.slack.answer(refused.responseId);
    expect(String(no.text)).toMatch(/^Only .+ can do that/);
    expect(seen(no.blocks ?? []) + String(no.text)).not.toContain('고객 담당자');
    expect(deepl.requests.length).toBe(before);
  });

  it("a reminder in the assignee's DM carries the button, and its answer goes to them", async () => {
    await start(withDeepl());
    // Accepting is due 4 business hours after Monday 15:00 London: the 50% nudge comes at 17:00.
    await s.pass(2 * 3_600_000 + 60_000);
    const [nudge] = s.fake.channel('DU0TOM');
    if (!nudge) throw new Error('no reminder reached Tom');
    expect(hasTranslate(nudge.blocks)).toBe(true);
    const answer = await translate(nudge, 'U0TOM');
    expect(answer.response_type).toBe('ephemeral');
    expect(seen(answer.blocks)).toContain('[en-US] 고객 담당자');
  });

  it('with no provider set, no card, reminder or view carries the button', async () => {
    const card = await start();
    expect(hasTranslate(card.blocks)).toBe(false);
    const { responseId } = await s.slack.command('/cx', 'Acme Corp', 'U0TOM');
    expect(hasTranslate((await s.slack.answer(responseId)).blocks)).toBe(false);
    expect(deepl.requests).toHaveLength(0);
    await s.pass(2 * 3_600_000 + 60_000);
    expect(s.fake.channel('DU0TOM').length).toBeGreaterThan(0);
    const all = s.fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((c) => hasTranslate((c.args as Json).blocks))).toBe(false);
  });
});
