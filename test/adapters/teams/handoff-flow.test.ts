import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardOf, cardText, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

describe('Teams: a handoff from @Baton in a channel to the next team’s channel', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    tt = await startTeams();
    await tt.install(['tom', 'priya']);
    await tt.seedCustomer();
  });
  afterEach(() => tt.stop());

  async function sendHandoff() {
    const r = await tt.say('dana', 'handoff Acme Corp to delivery: kickoff promised next week');
    expect(r.status).toBe(200);
    const reply = await tt.connector.waitFor(
      (c) => c.kind === 'reply' && c.conversationId?.startsWith(IDS.general) === true,
    );
    const form = cardOf(reply);
    expect(cardText(form)).toContain('Acme Corp: Sales → Delivery');
    const answer = await pressOn(tt, 'dana', form, 'handoff', {
      'f.summary': 'Annual plan, 40 seats. Wants SSO before go-live.',
      'f.goLiveDate': '2027-01-15',
      'f.keyContact': 'Min-jun Kim <mj@acme.example>',
      note: 'kickoff promised next week',
    });
    expect(cardText(cardOf(answer))).toContain('Handoff of Acme Corp sent to Delivery');
    await tt.t.advance(0);
    return tt.connector.sent('post', IDS.delivery);
  }

  it('posts the context card to the Delivery channel, in place of nothing, with Accept', async () => {
    const posts = await sendHandoff();
    expect(posts).toHaveLength(1);
    const card = cardOf(posts[0]);
    const text = cardText(card);
    expect(text).toContain('Acme Corp: Sales → Delivery');
    expect(text).toContain('Handed over by Dana Reyes');
    expect(text).toMatch(/Customer prefers Korean/);
    expect(text).toContain('Annual plan, 40 seats');
    expect(text).toContain('kickoff promised next week');
    expect(posts[0]?.body.summary).toMatch(/Acme Corp/);
    for (const verb of ['accept', 'decline', 'reassign', 'snooze'])
      expect(JSON.stringify(card)).toContain(`"verb":"${verb}"`);
  });

  it('Accept in the channel answers with the accepted card and updates the posted one in place', async () => {
    const [post] = await sendHandoff();
    const card = cardOf(post);
    const answer = await pressOn(
      tt,
      'tom',
      card,
      'accept',
      {},
      { channel: IDS.delivery, replyToId: post?.id ?? '' },
    );
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(cardOf(answer))).toContain('Accepted by Tom Becker');
    await tt.t.advance(0);
    const updates = tt.connector.sent('update', IDS.delivery);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.activityId).toBe(post?.id);
    expect(cardText(cardOf(updates[0]))).toContain('Accepted by Tom Becker');
    // The note goes in the card's thread: the channel's conversation for that message.
    const notes = tt.connector.sent('post', `${IDS.delivery};messageid=${post?.id}`);
    expect(notes.map((n) => n.body.text)).toContain('Tom Becker accepted this handoff.');
  });

  it('a second Accept is told who accepted, and the card stays', async () => {
    const [post] = await sendHandoff();
    const card = cardOf(post);
    await pressOn(tt, 'tom', card, 'accept', {}, { channel: IDS.delivery });
    const late = await pressOn(tt, 'priya', card, 'accept', {}, { channel: IDS.delivery });
    expect(late.type).toBe('application/vnd.microsoft.activity.message');
    expect(late.value).toMatch(/Tom Becker accepted this/);
  });
});
