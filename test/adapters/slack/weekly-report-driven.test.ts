import { afterEach, describe, expect, it } from 'vitest';
import { drivePlan, DRIVEN_EXPECTED as E, PLAN } from '../../support/weekly-plan.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

describe('Slack: the weekly report from handoffs driven through Baton', () => {
  let s: SlackTest;
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  it('says what the test worked out from the handoffs it drove, once, to the lead and the CXO', async () => {
    s = await startSlackTest({
      now: '2026-11-09T08:00:00Z',
      env: { BATON_PUBLIC_URL: 'https://baton.example.com' },
    });
    await seedCustomers(
      s.t.store,
      PLAN.map((p) =>
        aCustomer({ id: `cus_${p.id}`, name: `Customer ${p.id}`, aliases: [], language: 'en' }),
      ),
    );
    const moveTo = (iso: string) => s.pass(Date.parse(iso) - s.t.clock.now().getTime());
    await drivePlan(s.t.baton.services, moveTo);
    // Monday 23 Nov, 10:00 in New York; then the scheduler again and again.
    await moveTo('2026-11-23T15:00:00Z');
    for (let i = 0; i < 3; i++) await s.pass(3_600_000);

    for (const user of ['U0DANA', 'U0OLIVIA']) {
      const reports = s.fake.messages.filter(
        (m) => m.channel === `D${user}` && (m.text ?? '').startsWith('Weekly report: week of Nov 16, 2026'),
      );
      expect(reports, user).toHaveLength(1);
      const text = visibleText(reports[0]?.blocks);
      expect(text).toContain(`*Handoffs started*\n${E.started}`);
      expect(text).toContain(`*Accepted within SLA*\n${E.accept}`);
      expect(text).toContain(`*Contacted within SLA*\n${E.contacted}`);
      expect(text).toContain(`*Median time to first contact (business hours)*\n${E.median}`);
      expect(text).toContain(`*Past their contact SLA now*\n${E.past}`);
      // s4's customer is past their contact SLA: a gap.
      expect(text).toContain('Customer s4 (');
    }
    const sales = s.fake
      .channel('C0SALES')
      .filter((m) => visibleText(m.blocks).includes('downstream outcome, week of Nov 16, 2026'));
    expect(sales).toHaveLength(1);
    expect(visibleText(sales[0]?.blocks)).toContain(E.team);
  });
});
