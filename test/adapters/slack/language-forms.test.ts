import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/harness.js';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

type Json = Record<string, unknown>;
type Select = {
  type: string;
  options: Array<{ value: string; text: { text: string } }>;
  initial_option?: Json;
};

// The example organisation with Jae-won Kim, who speaks Korean, in Delivery.
const CONFIG = path.join(REPO, 'test/fixtures/forms/baton.config.yaml');
const element = (view: Json, blockId: string) =>
  ((view.blocks as Json[]).find((b) => b.block_id === blockId)?.element ?? {}) as Select;

describe('Slack: the language is a choice, and who speaks it is shown', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest({ env: { BATON_CONFIG: CONFIG } });
    await seedCustomers(s.t.store, [aCustomer({ language: 'ko-KR' })]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  it("the handoff form offers the languages Baton knows, the customer's chosen, and who speaks it", async () => {
    const { trigger } = await s.slack.command('/handoff', 'Acme Corp to delivery', 'U0DANA');
    const view = await s.slack.openedModal(trigger);
    const select = element(view, 'f:language');
    expect(select.type).toBe('static_select');
    expect(select.initial_option).toMatchObject({ value: 'ko', text: { text: 'Korean · 한국어' } });
    const codes = select.options.map((o) => o.value);
    expect(codes).toEqual(expect.arrayContaining(['en', 'ja', 'de', 'sw']));
    expect(codes.length).toBeLessThanOrEqual(100);
    expect(visibleText(view.blocks)).toContain(
      'Who speaks Korean: Delivery — Jae-won Kim; Sales — nobody; Customer Care — Ji-woo Park and Min-ho Lee',
    );
  });

  it("a language chosen on the form becomes the customer's, and the card shows it", async () => {
    const { view, answer } = await handoffVia(s, 'U0DANA', 'Acme Corp to delivery', { 'f:language': 'ja' });
    expect(answer).toContain('Handoff of Acme Corp sent to Delivery');
    expect(element(view, 'f:language').options.map((o) => o.value)).toContain('ja');
    expect((await s.t.store.getCustomer('cus_acme'))?.language).toBe('ja');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    expect(textOf(card)).toContain('Japanese');
    expect(textOf(card)).not.toContain('Korean');
  });

  it('a language the form did not offer is refused in the form, and nothing changes', async () => {
    const { trigger } = await s.slack.command('/handoff', 'Acme Corp to delivery', 'U0DANA');
    const view = await s.slack.openedModal(trigger);
    // A forged submission: a value that was never among the options.
    const forged = structuredClone(view);
    element(forged, 'f:language').options.push({ value: 'xx', text: { text: 'Forged' } });
    const res = await s.slack.submit(forged, 'U0DANA', {
      'f:summary': 'Annual plan',
      'f:goLiveDate': '2027-01-15',
      'f:language': 'xx',
    });
    expect(res.status).toBe(200);
    expect(res.json?.response_action).toBe('errors');
    expect(String((res.json?.errors as Json | undefined)?.['f:language'])).toContain(
      "choose the customer's language from the list",
    );
    expect((await s.t.store.getCustomer('cus_acme'))?.language).toBe('ko-KR');
    expect(await s.t.store.listHandoffs({ customerId: 'cus_acme' })).toEqual([]);
  });

  it('Reassign opens a picker under who speaks the language, speakers first and labelled', async () => {
    // Sent to Priya by name: the card is in her chat, and whom she can hand it to is known.
    await handoffVia(s, 'U0DANA', 'Acme Corp to <@U0PRIYA|priya>');
    await s.pass();
    const card = messageIn(s, 'DU0PRIYA', 'Acme Corp');
    const { trigger, responseId } = await s.slack.click(card, 'baton:reassign', 'U0PRIYA');
    const view = await s.slack.openedModal(trigger);
    expect(visibleText(view.blocks)).toContain('Speaks Korean in Delivery: Jae-won Kim');
    const people = element(view, 'person').options;
    expect(people.map((o) => o.text.text)).toEqual(['Jae-won Kim · speaks Korean', 'Tom Becker']);

    const done = await s.slack.submit(view, 'U0PRIYA', { person: 'jae' });
    expect(done.status).toBe(200);
    expect((await s.slack.answer(responseId)).text).toBe('Acme Corp is now with Jae-won Kim.');
    await s.pass();
    expect(textOf(card)).toContain('waiting for Jae-won Kim (Delivery) to accept');

    // Someone who may not reassign is told so before any picker opens.
    const refused = await s.slack.click(card, 'baton:reassign', 'U0TOM');
    const why = String((await s.slack.answer(refused.responseId)).text);
    expect(why).toContain('Only the owner (Jae-won Kim), the lead of Delivery (Priya Shah), or an admin');
    expect(s.fake.callsOf('views.open').filter((c) => c.args.trigger_id === refused.trigger)).toEqual([]);
  });
});
