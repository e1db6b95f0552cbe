import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/domain/types.js';
import { AUDIT_ACTIONS } from '../../../src/services/audit.js';
import { NOT_ON_TIMELINE } from '../../../src/views/timeline.js';
import { handoffVia, messageIn } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

const HOUR = 3_600_000;

/** How many times `needle` is in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

/** An audit action's name as the code writes it ("customer.created"), which a person must never read. */
const RAW_ACTION = /\b(customer|handoff|followup|event)\.[a-z]+\b/;

describe('Slack: rough edges of issue 11, as the person sees them', () => {
  let s: SlackTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 UTC: 15:00 in London, where Delivery works 09:00-17:30.
    s = await startSlackTest();
    await seedCustomers(s.t.store, [
      aCustomer(),
      aCustomer({ id: 'cus_globex', name: 'Globex', aliases: [], language: 'en' }),
      aCustomer({
        id: 'cus_hanbit',
        name: 'Hanbit Foods',
        aliases: [],
        team: 'delivery',
        stage: 'delivery',
        owner: undefined,
        postPurchase: true,
      }),
    ]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  const answerTo = async (cmd: '/cx' | '/handoff', text: string, user: string) => {
    const { res, responseId } = await s.slack.command(cmd, text, user);
    expect(res.status).toBe(200);
    if (res.json?.text) return { text: String(res.json.text), blocks: res.json.blocks };
    const a = await s.slack.answer(responseId);
    return { text: String(a.text), blocks: a.blocks };
  };

  const home = async (user: string) => {
    const before = s.fake.callsOf('views.publish').filter((c) => c.args.user_id === user).length;
    await s.slack.event('app-home-opened.json', { user, channel: `D${user}`, tab: 'home' });
    await s.fake.waitFor(
      () => s.fake.callsOf('views.publish').filter((c) => c.args.user_id === user).length > before,
    );
    const last = s.fake
      .callsOf('views.publish')
      .filter((c) => c.args.user_id === user)
      .at(-1);
    return visibleText((last?.args.view as { blocks?: unknown } | undefined)?.blocks);
  };

  it('a digest names each handoff once when its 50% and 100% nudges fall due in one tick', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to <@U0TOM|tom>');
    await handoffVia(s, 'U0DANA', 'Globex to <@U0TOM|tom>');
    await s.pass();
    expect(s.fake.channel('DU0TOM')).toHaveLength(2);

    // Accept within PT4H from Mon 15:00: 50% at Mon 17:00, 100% at Tue 10:30, escalation at
    // Tue 12:30. Baton is down until Tue 11:00: both nudges of both handoffs are due at once.
    await s.pass(20 * HOUR);
    const dms = s.fake.channel('DU0TOM');
    expect(dms).toHaveLength(3);
    const digest = visibleText(dms[2]?.blocks);
    expect(digest).toContain('You have 2 follow-ups due');
    expect(count(digest, 'Acme Corp is waiting for you to accept')).toBe(1);
    expect(count(digest, 'Globex is waiting for you to accept')).toBe(1);
    expect(count(digest, 'Acme Corp: Sales → Delivery')).toBe(1);
    expect(digest).toContain(
      'Overdue since <!date^1795516200^{date_short_pretty} {time}|Nov 24, 2026, 10:30 AM GMT>',
    );
    // One set of buttons per handoff.
    const actions = ((dms[2]?.blocks ?? []) as Array<{ type: string }>).filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(2);
  });

  it('one handoff with two steps due together is one reminder, not a digest of itself', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to <@U0TOM|tom>');
    await s.pass();
    await s.pass(20 * HOUR);
    const dms = s.fake.channel('DU0TOM');
    expect(dms).toHaveLength(2);
    const reminder = visibleText(dms[1]?.blocks);
    expect(reminder).toContain('Reminder: Acme Corp');
    expect(reminder).not.toContain('follow-ups due');
    expect(count(reminder, 'Acme Corp is waiting for you to accept')).toBe(1);
  });

  it('/cx mine lists each handoff once, however many follow-ups it has pending', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to <@U0TOM|tom>');
    await s.pass();
    // Tom is asked to accept: the handoff, with its two nudges pending to him.
    const tom = visibleText((await answerTo('/cx', 'mine', 'U0TOM')).blocks);
    expect(tom).toContain('Acme Corp: Sales → Delivery');
    expect(count(tom, 'Acme Corp')).toBe(1);
    // Priya leads Delivery: one line for the escalation waiting on Tom's accept.
    const priya = visibleText((await answerTo('/cx', 'mine', 'U0PRIYA')).blocks);
    expect(count(priya, 'Acme Corp')).toBe(1);
    expect(priya).toContain('Accept by Nov 24, 2026, 10:30 AM GMT');

    // Accepted: first-contact nudges now; still one line.
    const card = messageIn(s, 'DU0TOM', 'Acme Corp');
    await s.slack.click(card, 'baton:accept', 'U0TOM');
    const after = visibleText((await answerTo('/cx', 'mine', 'U0TOM')).blocks);
    expect(count(after, 'Acme Corp')).toBe(1);
    expect(after).toContain('First contact by');
  });

  it('the App Home says "Accept by … (in …)", and "Accept overdue since …" once it has passed', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to <@U0TOM|tom>');
    await s.pass();
    const before = await home('U0TOM');
    expect(before).toContain('Accept by Nov 24, 2026, 10:30 AM GMT (in 20 hours)');
    expect(before).not.toMatch(/Accept by Due|\(now\)/);

    await s.pass(20 * HOUR);
    const late = await home('U0TOM');
    expect(late).toContain('Accept overdue since Nov 24, 2026, 10:30 AM GMT (for 30 minutes)');
    expect(late).not.toMatch(/Accept by|\(now\)|Due /);

    // The same in Korean, for Min-ho in Customer Care.
    await handoffVia(s, 'U0TOM', 'Hanbit Foods to <@U0MINHO|minho>', {
      'f:keyContact': 'Ji-ho Han <jiho@hanbit.example>',
    });
    await s.pass();
    const ko = await home('U0MINHO');
    expect(ko).toMatch(/\d{4}년 \d+월 \d+일 (오전|오후) \d+:\d\d GMT\+9까지 수락 \(\d+시간 후\)/);
    await s.pass(3 * 24 * HOUR);
    expect(await home('U0MINHO')).toMatch(/수락 기한 .* GMT\+9 지남 \(\d+일 초과\)/);
  });

  it("the declined card in Customer Care's channel says, in Korean, who declined and where it went", async () => {
    await handoffVia(s, 'U0TOM', 'Hanbit Foods to care', {
      'f:keyContact': 'Ji-ho Han <jiho@hanbit.example>',
    });
    await s.pass();
    const card = messageIn(s, 'C0CARE', 'Hanbit Foods');
    const clicked = await s.slack.click(card, 'baton:decline', 'U0MINHO');
    await s.slack.submit(await s.slack.openedModal(clicked.trigger), 'U0MINHO', {
      reason: '계약서 사본이 없습니다',
    });
    await s.pass();
    const shown = visibleText(card.blocks);
    expect(shown).toContain('거절됨(Min-ho Lee): 계약서 사본이 없습니다. Tom Becker에게 돌려보냈습니다.');
    expect(shown).not.toContain('보완해');
    // Tom, who sent it, is the one told to fix it.
    expect(
      s.fake
        .channel('DU0TOM')
        .map((m) => m.text ?? '')
        .join('\n'),
    ).toContain('Min-ho Lee declined: 계약서 사본이 없습니다. Fix the context and send it again.');
  });

  it('a handoff to the team the customer is already with says so, who owns it, and the next step', async () => {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    await s.slack.click(messageIn(s, 'C0DELIVERY', 'Acme Corp'), 'baton:accept', 'U0TOM');
    const again = await answerTo('/handoff', 'Acme Corp to delivery', 'U0DANA');
    expect(again.text).toBe(
      'Acme Corp is already with Delivery (owner: Tom Becker). Their handoff Sales → Delivery is accepted. ' +
        'To move them on, hand over to Customer Care: `/handoff Acme Corp to care`',
    );
    expect(again.text).not.toContain('No playbook');

    const nobody = await answerTo('/handoff', 'Hanbit Foods to delivery', 'U0TOM');
    expect(nobody.text).toBe(
      'Hanbit Foods is already with Delivery; nobody owns them yet. ' +
        'To move them on, hand over to Customer Care: `/handoff Hanbit Foods to care`',
    );
    const ko = await answerTo('/handoff', 'Hanbit Foods to delivery', 'U0MINHO');
    expect(ko.text).toBe(
      'Hanbit Foods는 이미 Delivery에 있고, 아직 담당자가 없습니다. ' +
        '다음 단계로 넘기려면 Customer Care에 인계하세요: `/handoff Hanbit Foods to care`',
    );
    expect(s.fake.callsOf('views.open')).toHaveLength(1);
  });

  it('the timeline says every audit action Baton writes in words, in English and Korean', async () => {
    const at = (n: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + n * 60_000).toISOString();
    const details: Record<string, Record<string, unknown>> = {
      'customer.imported': { file: 'hubspot-companies.csv', row: 2 },
      'customer.updated': { system: 'hubspot', type: 'company.propertyChange' },
      'customer.contacted': { channel: 'call' },
      'event.recorded': { headline: 'Deal moved to Closed Won', type: 'deal.propertyChange' },
      'handoff.proposed': { from: 'sales', to: 'delivery' },
      'handoff.opened': { from: 'sales', to: 'delivery' },
      'handoff.declined': { reason: 'No go-live date' },
      'handoff.reassigned': { from: 'tom', to: 'priya' },
      'handoff.snoozed': { until: '2026-11-24T10:00:00.000Z' },
      'handoff.escalated': { to: 'priya' },
      'handoff.contacted': { channel: 'email' },
      'followup.nudged': { to: 'tom', window: 'accept', step: '50%' },
      'followup.escalated': { to: 'priya', window: 'accept', step: '150%' },
    };
    const actors = ['dana', 'system', 'import', 'webhook:hubspot'];
    // Every action the code can write (the const list its audit builders are typed by).
    const audit: AuditEntry[] = AUDIT_ACTIONS.map((action, i) => ({
      id: `aud_${i}`,
      at: at(i),
      actor: actors[i % actors.length] ?? 'system',
      action,
      subject: action.startsWith('customer.')
        ? { type: 'customer', id: 'cus_acme' }
        : { type: action.startsWith('followup.') ? 'followup' : 'handoff', id: 'h_1' },
      customerId: 'cus_acme',
      details: details[action] ?? {},
    }));
    expect((await s.t.store.commit({ audit })).ok).toBe(true);

    for (const [user, heading] of [
      ['U0DANA', 'Timeline'],
      ['U0JIWOO', '타임라인'],
    ] as const) {
      const view = visibleText((await answerTo('/cx', 'Acme Corp', user)).blocks);
      const timeline = view.slice(view.indexOf(heading));
      const lines = timeline.split('\n').filter((l) => l.startsWith('•'));
      // Every action but those written to the log only (contacts are touchpoints, sign-ins name no customer).
      expect(lines.length).toBeGreaterThanOrEqual(AUDIT_ACTIONS.length - NOT_ON_TIMELINE.size);
      for (const line of lines) {
        expect(line, `${user}: ${line}`).not.toMatch(RAW_ACTION);
        expect(line, `${user}: ${line}`).not.toMatch(/\{\w+\}|:\s*$/);
      }
      expect(timeline).not.toMatch(RAW_ACTION);
    }
    // Control: the raw names are what the check looks for.
    expect('Nov 20 · customer.created').toMatch(RAW_ACTION);
    expect('Nov 20 · followup.nudged').toMatch(RAW_ACTION);
  });
});
