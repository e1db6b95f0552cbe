import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from './fake-connector.js';
import {
  activity,
  cardOf,
  cardText,
  handOver,
  IDS,
  type Json,
  startTeams,
  type TeamsTest,
} from './helpers.js';

/**
 * Time off in Teams: the same words as Slack's `/cx away`, with people named
 * by Teams mentions. The oracle is what the fake Bot Connector was asked to
 * send, and to whom.
 */
describe('Teams: away and back', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 in London, where Delivery works 09:00-17:30.
    tt = await startTeams();
    await tt.install(['tom', 'priya', 'dana', 'jae']);
    // English: Tom is asked to accept.
    await tt.seedCustomer({ language: 'en' });
  });
  afterEach(() => tt.stop());

  const dms = (person: string): ConnectorCall[] => tt.connector.sent('post', `a:1to1-29:${person}`);
  const advanceTo = async (iso: string) => tt.t.advance(Date.parse(iso) - tt.t.clock.now().getTime());
  const shown = (c: ConnectorCall | undefined) =>
    c?.body.attachments ? cardText(cardOf(c)) : String(c?.body.text ?? '');

  /** The answer to what a person just wrote: the reply in their chat or thread. */
  async function answer(write: () => Promise<unknown>): Promise<string> {
    const before = tt.connector.calls.length;
    await write();
    const reply = tt.connector.calls.slice(before).find((c) => c.kind === 'reply');
    if (!reply) throw new Error('no answer');
    return shown(reply);
  }

  /** `@Baton <text>` in the General channel, `names` mentioned as Teams mentions. */
  function sayWithMentions(person: string, text: string, names: Record<string, string>) {
    return tt.post(
      activity('message-channel-mention', tt.connector.url, (a) => {
        a.from = { id: `29:${person}`, name: person };
        a.text = `<at>Baton</at> ${text}`;
        a.entities = [
          ...((a.entities as Json[]) ?? []),
          ...Object.entries(names).map(([name, id]) => ({
            type: 'mention',
            text: `<at>${name}</at>`,
            mentioned: { id, name },
          })),
        ];
        a.conversation = {
          isGroup: true,
          conversationType: 'channel',
          tenantId: IDS.tenant,
          id: `${IDS.general};messageid=${String(a.id)}`,
        };
        a.channelData = {
          ...(a.channelData as Json),
          teamsChannelId: IDS.general,
          channel: { id: IDS.general },
        };
      }),
    );
  }

  it("the lead sets a member away with mentions; the member's nudge reaches the backup; back ends it", async () => {
    await handOver(tt);
    const [h] = await tt.t.store.listHandoffs({ to: 'delivery' });
    expect(h?.assignee).toBe('tom');

    const set = await answer(() =>
      sayWithMentions('priya', 'away <at>Tom Becker</at> until 2026-11-27 backup <at>Jae-won Kim</at>', {
        'Tom Becker': '29:tom',
        'Jae-won Kim': '29:jae',
      }),
    );
    expect(set).toBe(
      'Tom Becker is away until Nov 27, 2026. Reminders and new handoffs for Tom Becker go to Jae-won Kim meanwhile.',
    );

    // The 50% accept nudge (Monday 17:00) goes to Jae, in Korean, saying for whom.
    const tomBefore = dms('tom').length;
    const jaeBefore = dms('jae').length;
    await advanceTo('2026-11-23T17:00:00Z');
    expect(dms('tom')).toHaveLength(tomBefore);
    expect(dms('jae')).toHaveLength(jaeBefore + 1);
    const nudge = cardText(cardOf(dms('jae').at(-1)));
    expect(nudge).toContain('Acme Corp');
    expect(nudge).toContain('2026년 11월 27일까지 부재 중인 Tom Becker님을 대신해 받는 알림입니다.');

    // Tom, back in his 1:1 chat: the 100% nudge (Tuesday 10:30) is his again.
    expect(await answer(() => tt.dm('tom', 'back'))).toBe(
      'Welcome back: reminders and new handoffs come to you again from now on.',
    );
    await advanceTo('2026-11-24T10:30:00Z');
    expect(dms('tom')).toHaveLength(tomBefore + 1);
    expect(dms('jae')).toHaveLength(jaeBefore + 1);
  });

  it('an admin may set a colleague away and a member may not; their own away in a 1:1 chat with no backup goes to the lead', async () => {
    await handOver(tt);
    const byAdmin = await answer(() =>
      sayWithMentions('dana', 'away <at>Tom Becker</at> until 2026-11-27', { 'Tom Becker': '29:tom' }),
    );
    // Dana is an admin in the example config: she may. Jae, Tom's colleague, may not.
    expect(byAdmin).toContain('Tom Becker is away until Nov 27, 2026.');
    expect(await answer(() => tt.dm('tom', 'back'))).toContain('Welcome back');
    const notAllowed = await answer(() =>
      sayWithMentions('jae', 'away <at>Tom Becker</at> until 2026-11-27', { 'Tom Becker': '29:tom' }),
    );
    expect(notAllowed).toContain('Delivery 리드(Priya Shah) 또는 관리자만');

    expect(await answer(() => tt.dm('tom', 'away until 2026-11-27'))).toBe(
      'You are away until Nov 27, 2026. Reminders and new handoffs for Tom Becker go to Priya Shah meanwhile.',
    );
    const priyaBefore = dms('priya').length;
    await advanceTo('2026-11-23T17:00:00Z');
    const toPriya = dms('priya')
      .slice(priyaBefore)
      .map((c) => shown(c));
    expect(toPriya.join('\n')).toContain('You stand in for Tom Becker, who is away until Nov 27, 2026.');
    expect(await answer(() => tt.dm('tom', 'away until next week'))).toContain(
      'the date must be a real day written YYYY-MM-DD',
    );
    // The lead herself, with no backup: the fix is a command Teams shows as code, not look-alike quotes.
    const lead = await answer(() => tt.dm('priya', 'away until 2026-11-27'));
    expect(lead).toContain('their reminders go to the Delivery channel');
    expect(lead).toContain('`cx away until 2026-11-27 backup @colleague`');
    expect(lead).not.toContain('\u02CB');
  });

  it("the stand-in's `mine` shows the away colleague's handoff with its buttons, and stops when they are back", async () => {
    await handOver(tt);
    expect(await answer(() => tt.dm('tom', 'away until 2026-11-27'))).toContain('go to Priya Shah');
    const mine = await answer(() => tt.dm('priya', 'mine'));
    const covering = 'You stand in for Tom Becker, away until Nov 27, 2026';
    expect(mine).toContain(covering);
    const theirs = mine.slice(mine.indexOf(covering));
    expect(theirs).toContain('Acme Corp: Sales → Delivery');
    // Priya can act on it from there: accept it, or hand it to someone who is in.
    expect(theirs).toContain('Accept');
    expect(theirs).toContain('Reassign');
    expect(await answer(() => tt.dm('dana', 'mine'))).not.toContain(covering);
    await answer(() => tt.dm('tom', 'back'));
    expect(await answer(() => tt.dm('priya', 'mine'))).not.toContain(covering);
  });
});
