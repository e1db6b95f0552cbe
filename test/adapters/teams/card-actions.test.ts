import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handoff } from '../../../src/domain/types.js';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, handOver, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

const inChannel = (post: ConnectorCall) => ({ channel: IDS.delivery, replyToId: post.id ?? '' });

describe('Teams: every card action, from the card in the channel', () => {
  let tt: TeamsTest;
  let post: ConnectorCall;
  let h: Handoff;
  beforeEach(async () => {
    tt = await startTeams();
    await tt.install(['tom', 'priya', 'dana']);
    await tt.seedCustomer();
    post = await handOver(tt);
    const [open] = await tt.t.store.listHandoffs({ to: 'delivery' });
    if (!open) throw new Error('no handoff');
    h = open;
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  /** The card in the channel after the outbox ran: the last update of the posted activity. */
  async function channelCard() {
    await tt.t.advance(0);
    const update = tt.connector
      .sent('update', IDS.delivery)
      .filter((u) => u.activityId === post.id)
      .at(-1);
    if (!update) throw new Error('the channel card was not updated');
    return cardOf(update);
  }

  it('Decline asks for a reason, returns the handoff to Dana, who fixes it and sends it again', async () => {
    const empty = await pressOn(tt, 'tom', cardOf(post), 'decline', { reason: '  ' }, inChannel(post));
    expect(empty.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(empty.value)).toMatch(/did not understand/i);

    const answer = await pressOn(
      tt,
      'tom',
      cardOf(post),
      'decline',
      { reason: 'No go-live date agreed' },
      inChannel(post),
    );
    // The card stays with the receiving team: who declined, why, and that it went back to Dana.
    const said = 'Declined by Tom Becker: No go-live date agreed. It went back to Dana Reyes.';
    expect(cardText(cardOf(answer))).toContain(said);
    const declined = await channelCard();
    expect(cardText(declined)).toContain(said);
    expect(cardText(declined)).not.toContain('Fix the context');
    // Dana hears of it in her 1:1 chat.
    expect(
      tt.connector
        .sent('post', 'a:1to1-29:dana')
        .map((c) => cardText(cardOf(c)))
        .join('\n'),
    ).toMatch(/Tom Becker declined: No go-live date agreed\. Fix the context and send it again\./);

    const form = await pressOn(tt, 'dana', declined, 'resend', {}, inChannel(post));
    expect(cardText(cardOf(form))).toContain('Go-live date');
    const sent = await pressOn(
      tt,
      'dana',
      cardOf(form),
      'resend',
      { 'f.goLiveDate': '2027-02-01' },
      inChannel(post),
    );
    expect(cardText(cardOf(sent))).toContain('Handoff of Acme Corp sent to Delivery again');
    expect(cardText(await channelCard())).toMatch(/Open: waiting for/);
  });

  it('Reassign (by the lead) moves it to the person chosen, who is told', async () => {
    const to = h.assignee === 'tom' ? 'priya' : 'tom';
    const answer = await pressOn(tt, 'priya', cardOf(post), 'reassign', { person: to }, inChannel(post));
    const name = to === 'tom' ? 'Tom Becker' : 'Priya Shah';
    expect(cardText(cardOf(answer))).toContain(`waiting for ${name}`);
    expect(cardText(await channelCard())).toContain(`waiting for ${name}`);
    expect((await tt.t.store.getHandoff(h.id))?.assignee).toBe(to);
    expect(tt.connector.sent('post', `a:1to1-29:${to}`)).toHaveLength(1);
  });

  it('Snooze moves the reminders, within the configured maximum', async () => {
    const who = h.assignee ?? 'priya';
    const before = (await tt.t.store.listFollowUps({ handoffId: h.id })).filter((f) => f.kind === 'nudge');
    const answer = await pressOn(tt, who, cardOf(post), 'snooze', { duration: 'PT4H' }, inChannel(post));
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const after = (await tt.t.store.listFollowUps({ handoffId: h.id })).filter((f) => f.kind === 'nudge');
    expect(after[0]?.dueAt && before[0]?.dueAt && after[0].dueAt > before[0].dueAt).toBe(true);
    const tooLong = await pressOn(tt, who, cardOf(post), 'snooze', { duration: 'P7D' }, inChannel(post));
    // The assignee of Korean Acme is Jae, Delivery's Korean speaker, who reads Baton in Korean.
    expect(who).toBe('jae');
    expect(String(tooLong.value)).toMatch(/최대 3번, 한 번에 1d까지만 미룰 수 있습니다/);
  });

  it('Accept, Log contact (call, with a note), Complete: the card follows every step', async () => {
    let card = cardOf(await pressOn(tt, 'tom', cardOf(post), 'accept', {}, inChannel(post)));
    expect(cardText(card)).toContain('Accepted by Tom Becker');
    card = cardOf(
      await pressOn(
        tt,
        'tom',
        card,
        'contact',
        { channel: 'meeting', note: 'Kick-off booked' },
        inChannel(post),
      ),
    );
    expect(cardText(card)).toContain('First contact logged by Tom Becker');
    const touchpoints = (await tt.t.store.history(h.customerId)).filter((e) => e.kind === 'touchpoint');
    expect(touchpoints.map((e) => e.kind === 'touchpoint' && e.entry.note)).toContain('Kick-off booked');
    card = cardOf(await pressOn(tt, 'tom', card, 'complete', {}, inChannel(post)));
    expect(cardText(card)).toContain('Done: Acme Corp is with Delivery now');
    expect(cardText(await channelCard())).toContain('Done: Acme Corp is with Delivery now');
  });

  it('Cancel by the sender, after a decline, closes it everywhere', async () => {
    await pressOn(tt, 'tom', cardOf(post), 'decline', { reason: 'Not ours' }, inChannel(post));
    const answer = await pressOn(tt, 'dana', await channelCard(), 'cancel', {}, inChannel(post));
    expect(cardText(cardOf(answer))).toContain('Cancelled');
    expect((await tt.t.store.getHandoff(h.id))?.state).toBe('cancelled');
    expect(cardText(await channelCard())).toContain('Cancelled');
  });

  it('refuses an action someone may not take, saying who may', async () => {
    const answer = await pressOn(tt, 'sam', cardOf(post), 'accept', {}, inChannel(post));
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toMatch(/Only .*Delivery.* can do that/);
    const again = await pressOn(tt, 'mia', cardOf(post), 'reassign', { person: 'tom' }, inChannel(post));
    expect(String(again.value)).toMatch(/Only .* can do that/);
    expect((await tt.t.store.getHandoff(h.id))?.state).toBe('open');
  });

  it('tells someone not in the config how to get added, with their Teams id', async () => {
    const answer = await tt.press('stranger', 'accept', { baton: 1, v: `${h.id}:${h.version}`, k: 'card' });
    expect(String(answer.value)).toContain('29:stranger');
    expect((await tt.t.store.getHandoff(h.id))?.state).toBe('open');
  });
});
