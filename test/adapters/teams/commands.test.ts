import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from './fake-connector.js';
import {
  cardOf,
  cardText,
  findAction,
  handOver,
  IDS,
  pressOn,
  startTeams,
  type TeamsTest,
} from './helpers.js';

describe('Teams commands: the same words as Slack, after @Baton or in a 1:1 chat', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    tt = await startTeams();
    await tt.install(['tom', 'priya', 'dana']);
    await tt.seedCustomer();
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  /** The answer to what a person just wrote: the reply in their chat or thread. */
  async function answer(write: () => Promise<unknown>): Promise<ConnectorCall> {
    const before = tt.connector.calls.length;
    await write();
    const reply = tt.connector.calls.slice(before).find((c) => c.kind === 'reply');
    if (!reply) throw new Error('no answer');
    return reply;
  }
  const shown = (c: ConnectorCall) => (c.body.attachments ? cardText(cardOf(c)) : String(c.body.text));

  it('help, in a 1:1 chat and after @Baton, and for words it does not know', async () => {
    expect(shown(await answer(() => tt.dm('tom', 'help')))).toContain('cx mine');
    expect(shown(await answer(() => tt.say('tom', 'help')))).toContain('cx mine');
    const odd = shown(await answer(() => tt.dm('tom', 'hello there')));
    expect(odd).toContain('I could not find a customer called "hello there"');
    expect(odd).toContain('cx mine');
  });

  it('cx <customer> shows the single view; a typo is matched; an unknown name says how to find it', async () => {
    // Dana leads Sales, whose customer Acme is (what others may read: read-access.test.ts).
    const view = shown(await answer(() => tt.dm('dana', 'cx Acme Corp')));
    expect(view).toContain('Acme Corp');
    expect(view).toContain('Stage');
    expect(view).toContain('Korean');
    expect(shown(await answer(() => tt.say('dana', 'cx Acme Crop')))).toContain('Acme Corp');
    expect(shown(await answer(() => tt.dm('dana', 'cx Zenith Holdings')))).toMatch(
      /I could not find a customer called "Zenith Holdings"/,
    );
  });

  it('mine and cx mine list what waits for me, with buttons that work', async () => {
    await handOver(tt);
    // Korean Acme was asked of Jae, Delivery's Korean speaker, who reads Baton in Korean.
    expect(cardText(cardOf(await answer(() => tt.dm('tom', 'mine'))))).not.toContain('Acme Corp');
    const mine = await answer(() => tt.dm('jae', 'mine'));
    expect(cardText(cardOf(mine))).toContain('Acme Corp: Sales → Delivery');
    expect(cardText(cardOf(await answer(() => tt.dm('jae', 'cx mine'))))).toContain('Acme Corp');
    const accepted = await pressOn(tt, 'jae', cardOf(mine), 'accept', {}, { personal: true });
    // The queue pressed in is shown again as it is now: the confirmation on top, and Acme Corp
    // still there, owned, without the Accept it no longer has.
    expect(accepted.type).toBe('application/vnd.microsoft.card.adaptive');
    const now = cardOf(accepted);
    expect(cardText(now)).toContain('이제 Acme Corp의 담당자입니다');
    expect(cardText(now)).toContain('Acme Corp: Sales → Delivery');
    expect(findAction(cardOf(mine), 'accept')).toBeDefined();
    expect(findAction(now, 'accept')).toBeUndefined();
    expect(findAction(now, 'contact')).toBeDefined();
    // Pressed again on the refreshed queue, its buttons still work.
    const logged = await pressOn(tt, 'jae', now, 'contact', {}, { personal: true });
    expect(logged.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(cardOf(logged))).toContain('Acme Corp와의 전화 연락을 기록했습니다');
    expect(cardText(cardOf(logged))).not.toContain('이제 Acme Corp의 담당자입니다');
  });

  it('contact logs a touchpoint; gaps lists post-purchase customers past their SLA', async () => {
    const logged = shown(await answer(() => tt.dm('dana', 'contact Acme Corp email sent the welcome pack')));
    expect(logged).toBe('Logged: email with Acme Corp. The reminders it satisfies have stopped.');
    const touch = (await tt.t.store.history((await tt.t.store.customerNames())[0]?.id ?? '')).find(
      (e) => e.kind === 'touchpoint',
    );
    expect(touch?.kind === 'touchpoint' && touch.entry).toMatchObject({
      channel: 'email',
      note: 'sent the welcome pack',
      source: 'teams',
    });
    await tt.seedCustomer({
      id: 'cus_late',
      name: 'Late Corp',
      aliases: [],
      team: 'care',
      stage: 'care',
      owner: 'jiwoo',
      postPurchase: true,
      contactDueAt: '2026-11-01T00:00:00.000Z',
    });
    expect(shown(await answer(() => tt.dm('priya', 'cx gaps')))).toContain('Late Corp (Customer Care)');
  });

  it('handoff opens the form; a submit missing required context comes back with the reasons and the values kept', async () => {
    const form = cardOf(
      await answer(() => tt.say('dana', 'handoff "Acme Corp" to Delivery: promised a Korean speaker')),
    );
    const text = cardText(form);
    expect(text).toContain('Acme Corp: Sales → Delivery');
    expect(text).toContain('Customer prefers Korean');
    expect(JSON.stringify(form)).toContain('"value":"promised a Korean speaker"');
    const again = await pressOn(tt, 'dana', form, 'handoff', {
      'f.summary': 'Annual plan',
      'f.keyContact': '',
    });
    const back = cardOf(again);
    expect(cardText(back)).toMatch(/Add the missing context first: Go-live date and Key contact/);
    expect(JSON.stringify(back)).toContain('"value":"Annual plan"');
    expect(await tt.t.store.listHandoffs({ to: 'delivery' })).toEqual([]);
  });

  it('handoff to a team without a playbook, or by someone outside the config, is refused helpfully', async () => {
    expect(shown(await answer(() => tt.say('dana', 'handoff Acme Corp to marketing')))).toMatch(
      /No playbook hands from Sales to Marketing/,
    );
    expect(shown(await answer(() => tt.say('dana', 'handoff Acme Corp to accounting')))).toMatch(
      /no team called "accounting"/,
    );
    expect(shown(await answer(() => tt.dm('stranger', 'mine')))).toContain('29:stranger');
  });

  it('cx forget: admins only, and only with the exact confirm command', async () => {
    expect(shown(await answer(() => tt.dm('tom', 'cx forget Acme Corp')))).toMatch(/Only .* can do that/);
    const ask = shown(await answer(() => tt.dm('dana', 'cx forget Acme Corp')));
    const command = /`(cx forget \S+ --confirm)`/.exec(ask)?.[1];
    expect(command).toBeDefined();
    expect(shown(await answer(() => tt.dm('dana', command ?? '')))).toMatch(
      /personal data of Acme Corp is erased/,
    );
    const [c] = await tt.t.store.customerNames();
    expect((await tt.t.store.getCustomer(c?.id ?? ''))?.erasedAt).toBeDefined();
  });

  it('ignores its own messages and channel chatter that does not mention it', async () => {
    const before = tt.connector.calls.length;
    await tt.say('dana', 'lunch anyone?', { mention: false });
    const own = await tt.post({
      type: 'message',
      text: 'Baton speaking',
      serviceUrl: tt.connector.url,
      channelId: 'msteams',
      from: { id: IDS.bot, name: 'Baton' },
      recipient: { id: IDS.bot, name: 'Baton' },
      conversation: { id: `${IDS.general};messageid=1`, conversationType: 'channel', isGroup: true },
      channelData: { channel: { id: IDS.general } },
    });
    expect(own.status).toBe(200);
    expect(tt.connector.calls.slice(before)).toEqual([]);
  });
});
