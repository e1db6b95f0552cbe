import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardOf, cardText, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

const CONTEXT = {
  'f.summary': 'Annual plan, 40 seats',
  'f.goLiveDate': '2027-01-15',
  'f.keyContact': 'Min-jun Kim',
};

describe('Teams channel watching: phrases become proposals in the thread, never handoffs on their own', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    tt = await startTeams();
    await tt.install(['dana', 'sam']);
    await tt.seedCustomer();
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  const threadReplies = (root: string) =>
    tt.connector.calls.filter(
      (c) =>
        c.status < 300 &&
        (c.kind === 'reply' || c.kind === 'post') &&
        c.conversationId === `${IDS.general};messageid=${root}`,
    );

  it('a phrase naming a known customer (read through resource-specific consent) gets a proposal; Start, the form, and the card goes out', async () => {
    const r = await tt.say('sam', 'Great news: Acme Corp is closed won!', { mention: false, thread: '9001' });
    expect(r.status).toBe(200);
    const [proposed] = await tt.t.store.listHandoffs({
      customerId: (await tt.t.store.customerNames())[0]?.id ?? '',
    });
    expect(proposed?.state).toBe('proposed');
    expect(proposed?.source).toMatchObject({ kind: 'phrase', platform: 'teams', channel: IDS.general });
    await tt.t.advance(0);
    const [proposal] = threadReplies('9001');
    const card = cardOf(proposal);
    expect(cardText(card)).toContain('Start a handoff?');
    expect(tt.connector.sent('post', IDS.delivery)).toEqual([]);

    const form = cardOf(await pressOn(tt, 'sam', card, 'confirm', {}, { channel: IDS.general }));
    expect(cardText(form)).toContain('Acme Corp: Sales → Delivery');
    const sent = await pressOn(tt, 'sam', form, 'confirm', CONTEXT, { channel: IDS.general });
    expect(cardText(cardOf(sent))).toContain('Handoff of Acme Corp sent to Delivery');
    await tt.t.advance(0);
    expect(tt.connector.sent('post', IDS.delivery)).toHaveLength(1);
    // The customer's timeline says whom the proposal, once started, went to.
    const before = tt.connector.calls.length;
    await tt.dm('sam', 'cx Acme Corp');
    const view = cardText(cardOf(tt.connector.calls.slice(before).find((c) => c.kind === 'reply')));
    expect(view).toMatch(/handed this over to Delivery\./);
  });

  it('a phrase after @Baton without a customer it knows gets a Start card that asks which customer', async () => {
    await tt.say('dana', 'contract signed with the new folks!', { thread: '9002' });
    const [reply] = threadReplies('9002');
    const start = cardOf(reply);
    expect(cardText(start)).toContain('Sales → Delivery');
    const wrong = cardOf(
      await pressOn(tt, 'dana', start, 'start', { customer: 'Nobody Inc' }, { channel: IDS.general }),
    );
    expect(cardText(wrong)).toContain('I could not find a customer called "Nobody Inc"');
    const form = cardOf(
      await pressOn(tt, 'dana', start, 'start', { customer: 'Acme Corp' }, { channel: IDS.general }),
    );
    const done = await pressOn(tt, 'dana', form, 'handoff', CONTEXT, { channel: IDS.general });
    expect(cardText(cardOf(done))).toContain('Handoff of Acme Corp sent to Delivery');
    const [h] = await tt.t.store.listHandoffs({ to: 'delivery' });
    expect(h?.source).toMatchObject({
      kind: 'phrase',
      platform: 'teams',
      channel: IDS.general,
      messageId: '9002',
    });
  });

  it('stays quiet for strangers, for chatter without a phrase, and for a customer already on its way', async () => {
    await tt.say('stranger', 'Acme Corp is closed won', { mention: false });
    await tt.say('sam', 'nice weather', { mention: false });
    expect(tt.connector.calls).toEqual([]);
    await tt.say('sam', 'Acme Corp closed won', { mention: false });
    await tt.say('dana', 'Acme Corp closed won, really', { mention: false });
    expect(await tt.t.store.listHandoffs({ to: 'delivery' })).toHaveLength(1);
  });
});
