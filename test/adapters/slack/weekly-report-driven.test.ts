import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/harness.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

// The journey recorder writes the facts the report reads; until it is in this tree the seeded facts
// of weekly-report.test.ts stand in for it.
const RECORDER = existsSync(path.join(REPO, 'src/analytics/record.ts'));
const PUBLIC = 'https://baton.example.com';

/**
 * Sales hands six customers to Delivery over two weeks (Delivery works 09:00-17:30 in London, GMT
 * in November, so UTC reads as local time; accept within 4 business hours, first contact within 2
 * business days). Each line: when it started, was accepted, was contacted, and the business hours
 * from start to contact, worked out by hand.
 */
const PLAN = [
  // The week of 9 Nov.
  {
    id: 'p1',
    start: '2026-11-10T10:00Z',
    accept: '2026-11-10T11:00Z',
    contact: '2026-11-10T13:00Z',
    hours: 3,
  },
  // Accepted the next day (8.5 business hours: late); contacted Friday 15:00, after Friday 10:00's deadline:
  // Wed 10:00-17:30 (7.5) + Thu (8.5) + Fri 09:00-15:00 (6) = 22.
  {
    id: 'p2',
    start: '2026-11-11T10:00Z',
    accept: '2026-11-12T10:00Z',
    contact: '2026-11-13T15:00Z',
    hours: 22,
  },
  // The week of 16 Nov.
  {
    id: 's1',
    start: '2026-11-17T10:00Z',
    accept: '2026-11-17T10:30Z',
    contact: '2026-11-17T16:00Z',
    hours: 6,
  },
  // Tue 11:00-17:30 (6.5) + Wed 09:00-11:00 (2) = 8.5.
  {
    id: 's2',
    start: '2026-11-17T11:00Z',
    accept: '2026-11-17T12:00Z',
    contact: '2026-11-18T11:00Z',
    hours: 8.5,
  },
  // Accepted after 6 business hours (late); contacted Monday 10:00, after Friday 10:00's deadline:
  // Wed 7.5 + Thu 8.5 + Fri 8.5 + Mon 1 = 25.5.
  {
    id: 's3',
    start: '2026-11-18T10:00Z',
    accept: '2026-11-18T16:00Z',
    contact: '2026-11-23T10:00Z',
    hours: 25.5,
  },
  // Accepted in time, never contacted: past its deadline (Monday 10:00) when the report goes out.
  { id: 's4', start: '2026-11-19T10:00Z', accept: '2026-11-19T11:00Z' },
] as const;

describe.skipIf(!RECORDER)('Slack: the weekly report from handoffs driven through Baton', () => {
  let s: SlackTest;
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  it('says what the test worked out from the handoffs it drove, once, to the lead and the CXO', async () => {
    s = await startSlackTest({ now: '2026-11-09T08:00:00Z', env: { BATON_PUBLIC_URL: PUBLIC } });
    const services = s.t.baton.services;
    await seedCustomers(
      s.t.store,
      PLAN.map((p) =>
        aCustomer({ id: `cus_${p.id}`, name: `Customer ${p.id}`, aliases: [], language: 'en' }),
      ),
    );
    const events = PLAN.flatMap((p) => [
      { at: p.start, id: p.id, what: 'start' as const },
      { at: p.accept, id: p.id, what: 'accept' as const },
      ...('contact' in p ? [{ at: p.contact, id: p.id, what: 'contact' as const }] : []),
    ]).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const handoffOf = new Map<string, string>();
    for (const e of events) {
      await s.pass(Date.parse(e.at) - s.t.clock.now().getTime());
      if (e.what === 'start') {
        const r = await services.startHandoff({
          actor: 'dana',
          customer: { id: `cus_${e.id}` },
          to: { team: 'delivery' },
          context: { summary: 'Annual plan', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
          source: { kind: 'person', platform: 'slack' },
        });
        if (!r.ok) throw new Error(`start ${e.id}: ${r.failure.code}`);
        handoffOf.set(e.id, r.value.handoff.id);
        continue;
      }
      const handoffId = handoffOf.get(e.id) ?? '';
      const r =
        e.what === 'accept'
          ? await services.accept({ handoffId, actor: 'tom' })
          : await services.logHandoffContact({ handoffId, actor: 'tom', channel: 'call' });
      expect(r.ok, `${e.what} ${e.id}`).toBe(true);
    }
    // Monday 23 Nov, 10:00 in New York.
    await s.pass(Date.parse('2026-11-23T15:00:00Z') - s.t.clock.now().getTime());
    await s.pass();

    // Worked out from PLAN: the week of 16 Nov and the week before.
    const expected = {
      started: '4 (week before: 2)',
      // s1, s2, s4 accepted within 4 business hours; s3 not. p1 yes, p2 no.
      accept: '75% (week before: 50%)',
      // s1 and s2 in time, s3 late, s4 past its deadline: 2 of 4. p1 of p1, p2.
      contacted: '2 (50%) (week before: 1 (50%))',
      // Nearest-rank medians: of 6, 8.5 and 25.5 the 2nd; of 3 and 22 the 1st.
      median: '8.5 h (week before: 3 h)',
      past: '1 (week before: 0)',
    };
    for (const user of ['U0DANA', 'U0OLIVIA']) {
      const reports = s.fake.messages.filter(
        (m) => m.channel === `D${user}` && (m.text ?? '').startsWith('Weekly report: week of Nov 16, 2026'),
      );
      expect(reports, user).toHaveLength(1);
      const text = visibleText(reports[0]?.blocks);
      expect(text).toContain(`*Handoffs started*\n${expected.started}`);
      expect(text).toContain(`*Accepted within SLA*\n${expected.accept}`);
      expect(text).toContain(`*Contacted within SLA*\n${expected.contacted}`);
      expect(text).toContain(`*Median time to first contact (business hours)*\n${expected.median}`);
      expect(text).toContain(`*Past their contact SLA now*\n${expected.past}`);
      // s4's customer is past their contact SLA: a gap.
      expect(text).toContain('Customer s4 (');
    }
    const sales = s.fake
      .channel('C0SALES')
      .filter((m) => visibleText(m.blocks).includes('downstream outcome, week of Nov 16, 2026'));
    expect(sales).toHaveLength(1);
    expect(visibleText(sales[0]?.blocks)).toContain(
      'Sales handed 4 customers to Delivery: 2 contacted within SLA, median 8.5 business hours; 1 waiting.',
    );
  });
});
