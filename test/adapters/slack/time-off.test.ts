import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { manualClock } from '../../../src/clock.js';
import { REPO, tempDir } from '../../support/harness.js';
import type { FakeMessage } from './fake-slack.js';
import { handoffVia, messageIn, textOf } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Time off, from what people type in Slack to what the fake Slack receives:
 * the oracle is who got which direct message, never Baton's own routing.
 * The clock starts Monday 2026-11-23 15:00 UTC (15:00 in London, Delivery);
 * an accepted handoff's first contact is due Wednesday 15:00, its first
 * nudge (50%) falls Tuesday 15:00, its second (100%) Wednesday 15:00.
 */
describe('Slack: time off', () => {
  let s: SlackTest | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await s?.stop();
    expect(s?.fake.violations).toEqual([]);
    s = undefined;
    for (const c of cleanups.splice(0)) await c();
  });

  async function start(opts: Parameters<typeof startSlackTest>[0] = {}): Promise<SlackTest> {
    s = await startSlackTest(opts);
    return s;
  }

  /** Dana hands Acme to Delivery and Tom accepts it from the card: Tom owns the customer. */
  async function tomOwnsAcme(t: SlackTest): Promise<FakeMessage> {
    await seedCustomers(t.t.store, [aCustomer()]);
    await handoffVia(t, 'U0DANA', 'Acme Corp to delivery');
    await t.pass();
    const card = messageIn(t, 'C0DELIVERY', 'Acme Corp');
    const accepted = await t.slack.click(card, 'baton:accept', 'U0TOM');
    expect((await t.slack.answer(accepted.responseId)).text).toContain('You now own Acme Corp');
    await t.pass();
    return card;
  }

  async function cx(t: SlackTest, text: string, user: string): Promise<string> {
    const { res, responseId } = await t.slack.command('/cx', text, user);
    expect(res.status).toBe(200);
    if (res.json?.text) return String(res.json.text);
    return String((await t.slack.answer(responseId)).text);
  }

  /** What a person received about Acme in their direct messages. */
  const acmeTo = (t: SlackTest, user: string): FakeMessage[] =>
    t.fake.channel(`D${user}`).filter((m) => textOf(m).includes('Acme Corp'));

  it("an away owner's reminders reach their backup, saying for whom; /cx back brings them home", async () => {
    const t = await start();
    const card = await tomOwnsAcme(t);
    expect(textOf(card)).not.toContain('stands in');
    expect(await cx(t, 'away until 2026-11-27 backup <@U0JAE|jae>', 'U0TOM')).toBe(
      'You are away until Nov 27, 2026. Reminders and new handoffs for Tom Becker go to Jae-won Kim meanwhile.',
    );
    // The card in the channel says it at once.
    await t.pass();
    expect(textOf(card)).toContain('Tom Becker is away until Nov 27, 2026; Jae-won Kim stands in.');

    await t.pass(DAY); // Tuesday 15:00: the 50% nudge
    expect(acmeTo(t, 'U0TOM')).toHaveLength(0);
    const toJae = acmeTo(t, 'U0JAE');
    expect(toJae).toHaveLength(1);
    // Jae reads Korean: the reminder says it is Tom's, away until the 27th.
    expect(textOf(toJae[0])).toContain(
      '2026년 11월 27일까지 부재 중인 Tom Becker님을 대신해 받는 알림입니다.',
    );

    expect(await cx(t, 'back', 'U0TOM')).toBe(
      'Welcome back: reminders and new handoffs come to you again from now on.',
    );
    await t.pass(DAY); // Wednesday 15:00: the 100% nudge goes to Tom again
    expect(textOf(card)).not.toContain('stands in');
    const toTom = acmeTo(t, 'U0TOM');
    expect(toTom).toHaveLength(1);
    expect(textOf(toTom[0])).not.toContain('stand in');
    expect(acmeTo(t, 'U0JAE')).toHaveLength(1);
  });

  it("who stands in sees the away colleague's handoffs in /cx mine, in their own language, until they are back", async () => {
    const t = await start();
    await tomOwnsAcme(t);
    const mine = async (user: string) => {
      const { responseId } = await t.slack.command('/cx', 'mine', user);
      return visibleText((await t.slack.answer(responseId)).blocks);
    };
    const covering = 'You stand in for Tom Becker, away until Nov 27, 2026';
    // Tom away without a backup: Priya, Delivery's lead, stands in.
    await cx(t, 'away until 2026-11-27', 'U0TOM');
    const priya = await mine('U0PRIYA');
    // Her own follow-up lines come first; one not due for two days is not called due.
    expect(priya).toContain('Your follow-ups, soonest first');
    expect(priya).not.toContain('Due follow-ups');
    expect(priya).toContain(covering);
    expect(priya.slice(priya.indexOf(covering))).toContain('Acme Corp: Sales → Delivery');
    // Nobody else is shown Tom's queue.
    expect(await mine('U0JAE')).not.toContain('Tom Becker');
    expect(await mine('U0DANA')).not.toContain(covering);
    // With Jae as his backup it is Jae's, in Korean.
    await cx(t, 'away until 2026-11-27 backup <@U0JAE|jae>', 'U0TOM');
    expect(await mine('U0PRIYA')).not.toContain(covering);
    const jae = await mine('U0JAE');
    expect(jae).toContain('2026년 11월 27일까지 부재 중인 Tom Becker님을 대신해 맡은 일');
    expect(jae).toContain('Acme Corp');
    // Back: his handoffs are his own again.
    await cx(t, 'back', 'U0TOM');
    expect(await mine('U0JAE')).not.toContain('Tom Becker');
    expect(await mine('U0TOM')).toContain('Acme Corp: Sales → Delivery');
  });

  it('reassigning to someone away says at once who stands in for them', async () => {
    const t = await start();
    const card = await tomOwnsAcme(t);
    await cx(t, 'away until 2026-11-27 backup <@U0JAE|jae>', 'U0PRIYA');
    // Tom gives Acme to Priya from the card's picker, not knowing she is away.
    const moved = await t.slack.click(card, 'baton:reassign', 'U0TOM', { user: 'U0PRIYA' });
    expect((await t.slack.answer(moved.responseId)).text).toBe(
      'Acme Corp is now with Priya Shah. Priya Shah is away until Nov 27, 2026; Jae-won Kim stands in.',
    );
    // The control: given to someone who is in, the confirmation says only that.
    const back = await t.slack.click(card, 'baton:reassign', 'U0PRIYA', { user: 'U0TOM' });
    expect((await t.slack.answer(back.responseId)).text).toBe('Acme Corp is now with Tom Becker.');
  });

  it('with no backup, the reminders reach the lead of the team', async () => {
    const t = await start();
    await tomOwnsAcme(t);
    expect(await cx(t, 'away until 2026-11-27', 'U0TOM')).toBe(
      'You are away until Nov 27, 2026. Reminders and new handoffs for Tom Becker go to Priya Shah meanwhile.',
    );
    await t.pass(DAY);
    expect(acmeTo(t, 'U0TOM')).toHaveLength(0);
    const toPriya = acmeTo(t, 'U0PRIYA');
    expect(toPriya).toHaveLength(1);
    expect(textOf(toPriya[0])).toContain('You stand in for Tom Becker, who is away until Nov 27, 2026.');
    expect(textOf(toPriya[0])).toContain('Log your first contact with Acme Corp.');
  });

  it("an escalation to an away lead reaches the lead's backup, and the card names who it went to", async () => {
    const t = await start();
    const card = await tomOwnsAcme(t);
    expect(await cx(t, 'away until 2026-11-30 backup <@U0SAM|sam>', 'U0PRIYA')).toContain(
      'Reminders and new handoffs for Priya Shah go to Sam Okafor meanwhile.',
    );
    await t.pass(DAY); // Tuesday: the 50% nudge
    await t.pass(DAY); // Wednesday: the 100% nudge
    await t.pass(DAY); // Thursday 15:00: 150% of the first-contact window, the escalation
    expect(acmeTo(t, 'U0TOM')).toHaveLength(2);
    expect(acmeTo(t, 'U0PRIYA')).toHaveLength(0);
    const toSam = acmeTo(t, 'U0SAM');
    expect(toSam).toHaveLength(1);
    expect(textOf(toSam[0])).toContain('Escalated to you: Acme Corp');
    expect(textOf(toSam[0])).toContain('You stand in for Priya Shah, who is away until Nov 30, 2026.');
    expect(textOf(card)).toContain('Escalated to Sam Okafor');
  });

  it('with the backup and the lead away too, the reminder goes to the team channel, saying for whom', async () => {
    const t = await start();
    await tomOwnsAcme(t);
    await cx(t, 'away until 2026-11-27', 'U0TOM');
    expect(await cx(t, 'away until 2026-11-27', 'U0PRIYA')).toContain('Priya Shah');
    await t.pass(DAY);
    expect(acmeTo(t, 'U0TOM')).toHaveLength(0);
    expect(acmeTo(t, 'U0PRIYA')).toHaveLength(0);
    const inChannel = t.fake
      .channel('C0DELIVERY')
      .filter((m) =>
        textOf(m).includes('For Tom Becker, who is away until Nov 27, 2026, with nobody to stand in'),
      );
    expect(inChannel).toHaveLength(1);
    expect(textOf(inChannel[0])).toContain('Acme Corp');
  });

  it('time off ends by itself after its last day', async () => {
    const t = await start();
    await tomOwnsAcme(t);
    await cx(t, 'away until 2026-11-24 backup <@U0JAE|jae>', 'U0TOM');
    await t.pass(DAY); // Tuesday, his last day away: Jae
    expect(acmeTo(t, 'U0JAE')).toHaveLength(1);
    expect(acmeTo(t, 'U0TOM')).toHaveLength(0);
    await t.pass(DAY); // Wednesday: Tom again, without anyone typing /cx back
    expect(acmeTo(t, 'U0TOM')).toHaveLength(1);
    expect(acmeTo(t, 'U0JAE')).toHaveLength(1);
  });

  it('a lead sets time off for a team member; a colleague cannot, and is told who can', async () => {
    const t = await start();
    await tomOwnsAcme(t);
    // Jae (Korean) tries for Tom: refused in Korean, naming the lead; nothing changes.
    const refused = await cx(t, 'away <@U0TOM|tom> until 2026-11-27 backup <@U0JAE|jae>', 'U0JAE');
    expect(refused).toContain(
      'Tom Becker님의 부재는 Tom Becker님 본인, Delivery 리드(Priya Shah) 또는 관리자만',
    );
    await t.pass(DAY);
    expect(acmeTo(t, 'U0TOM')).toHaveLength(1);

    expect(await cx(t, 'away <@U0TOM|tom> until 2026-11-27 backup <@U0JAE|jae>', 'U0PRIYA')).toBe(
      'Tom Becker is away until Nov 27, 2026. Reminders and new handoffs for Tom Becker go to Jae-won Kim meanwhile.',
    );
    await t.pass(DAY); // Wednesday: the 100% nudge goes to Jae
    expect(acmeTo(t, 'U0TOM')).toHaveLength(1);
    expect(acmeTo(t, 'U0JAE')).toHaveLength(1);

    // The lead ends it for him too.
    expect(await cx(t, 'back <@U0TOM|tom>', 'U0PRIYA')).toBe(
      'Tom Becker is back: reminders and new handoffs go to them again from now on.',
    );
  });

  it('refuses a past date, an unknown or same backup and words it cannot read, saying how to fix each', async () => {
    const t = await start();
    expect(await cx(t, 'away until 2026-11-20', 'U0TOM')).toBe(
      'Nov 20, 2026 is already past (2026-11-23 is today for Tom Becker). Give today or a later day, like `/cx away until 2026-11-23`.',
    );
    expect(await cx(t, 'away until 2026-11-27 backup @nobody', 'U0TOM')).toContain(
      'I do not know anyone called "nobody" who could stand in.',
    );
    expect(await cx(t, 'away until 2026-11-27 backup <@U0TOM|tom>', 'U0TOM')).toBe(
      'Tom Becker cannot stand in for themself. Name a colleague as backup, or leave the backup out and the lead stands in.',
    );
    const unread = await cx(t, 'away tomorrow', 'U0TOM');
    expect(unread).toContain('I did not understand that: the date is missing');
    expect(unread).toContain('Type `/cx away until 2026-12-24`');
    expect(await cx(t, 'away until 2026-02-30', 'U0TOM')).toContain('must be a real day written YYYY-MM-DD');
    expect(await cx(t, 'back <@U0JAE|jae>', 'U0TOM')).toContain(
      "Only Jae-won Kim, the lead of Delivery (Priya Shah) or an admin can set Jae-won Kim's time off.",
    );
    // The help lists the commands.
    const help = await cx(t, 'help', 'U0TOM');
    expect(help).toContain('/cx away until &lt;YYYY-MM-DD&gt; [backup @person]');
    expect(help).toContain('/cx back');
  });

  it('a handoff to an away person goes to who stands in for them', async () => {
    const t = await start();
    await seedCustomers(t.t.store, [aCustomer()]);
    await cx(t, 'away until 2026-11-27', 'U0TOM');
    await handoffVia(t, 'U0DANA', 'Acme Corp to <@U0TOM|tom>');
    await t.pass();
    expect(acmeTo(t, 'U0TOM')).toHaveLength(0);
    const card = t.fake.channel('DU0PRIYA').find((m) => textOf(m).includes('Acme Corp: Sales → Delivery'));
    expect(textOf(card)).toContain('waiting for Priya Shah (Delivery) to accept');
    expect(textOf(card)).not.toContain('Tom Becker');
  });

  it('time off in the config works the same, and the card says who stands in', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.cleanup);
    const example = await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8');
    const config = example.replace(
      '    teams: "29:tom"\n',
      '    teams: "29:tom"\n    away: { until: "2026-11-27", backup: jae }\n',
    );
    expect(config).not.toBe(example);
    const file = path.join(tmp.dir, 'baton.config.yaml');
    await writeFile(file, config);
    const t = await start({ env: { BATON_CONFIG: file } });
    const card = await tomOwnsAcme(t);
    expect(textOf(card)).toContain('Tom Becker is away until Nov 27, 2026; Jae-won Kim stands in.');
    await t.pass(DAY);
    expect(acmeTo(t, 'U0TOM')).toHaveLength(0);
    expect(acmeTo(t, 'U0JAE')).toHaveLength(1);
    // Back early: the config's entry is cut short until the config changes.
    expect(await cx(t, 'back', 'U0TOM')).toBe(
      'Welcome back: reminders and new handoffs come to you again from now on.',
    );
    await t.pass(DAY);
    expect(acmeTo(t, 'U0TOM')).toHaveLength(1);
  });

  it('another replica on the same store routes by time off set through the first, from its next tick', async () => {
    const shared = createMemoryStore();
    const first = await start({ store: shared });
    await tomOwnsAcme(first);
    // Started before Tom goes away: it has read no time off yet.
    const second = await startSlackTest({ store: shared });
    cleanups.push(async () => {
      await second.stop();
      expect(second.fake.violations).toEqual([]);
    });
    expect(await cx(first, 'away until 2026-11-27 backup <@U0JAE|jae>', 'U0TOM')).toContain(
      'You are away until Nov 27, 2026.',
    );
    // Only the second replica runs the Tuesday tick.
    second.t.clock.advance(DAY);
    await second.t.baton.runOnce();
    expect(acmeTo(second, 'U0TOM')).toHaveLength(0);
    expect(acmeTo(second, 'U0JAE')).toHaveLength(1);
  });

  it('time off set by command outlives a restart on the file store', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');
    const first = await start({
      store: await openLowdbStore({ file, clock: manualClock('2026-11-23T15:00:00Z') }),
    });
    await tomOwnsAcme(first);
    expect(await cx(first, 'away until 2026-11-27 backup <@U0JAE|jae>', 'U0TOM')).toContain(
      'You are away until Nov 27, 2026.',
    );
    await first.stop();
    expect(first.fake.violations).toEqual([]);
    s = undefined;

    // Tuesday 15:00, a new process on the same data file: the nudge goes to Jae.
    const second = await start({
      now: '2026-11-24T15:01:00Z',
      store: await openLowdbStore({ file, clock: manualClock('2026-11-24T15:01:00Z') }),
    });
    await second.pass();
    expect(acmeTo(second, 'U0TOM')).toHaveLength(0);
    expect(acmeTo(second, 'U0JAE')).toHaveLength(1);
  });
});
