import { afterEach, describe, expect, it } from 'vitest';
import { drivePlan, DRIVEN_EXPECTED as E, PLAN } from '../../support/weekly-plan.js';
import { cardOf, cardText, IDS, startTeams, type TeamsTest } from './helpers.js';

describe('Teams: the weekly report from handoffs driven through Baton', () => {
  let tt: TeamsTest;
  afterEach(() => tt.stop());

  it('says what the test worked out from the handoffs it drove, once, in the 1:1 chats of the lead and the CXO', async () => {
    tt = await startTeams({
      now: '2026-11-09T08:00:00Z',
      env: { BATON_PUBLIC_URL: 'https://baton.example.com' },
    });
    await tt.install(['dana', 'olivia', 'tom', 'priya']);
    for (const p of PLAN)
      await tt.seedCustomer({ id: `cus_${p.id}`, name: `Customer ${p.id}`, aliases: [], language: 'en' });
    const moveTo = (iso: string) => tt.t.advance(Date.parse(iso) - tt.t.clock.now().getTime());
    await drivePlan(tt.t.baton.services, moveTo);
    await moveTo('2026-11-23T15:00:00Z');
    for (let i = 0; i < 3; i++) await tt.t.advance(3_600_000);

    for (const person of ['dana', 'olivia']) {
      const reports = tt.connector
        .sent('post', `a:1to1-29:${person}`)
        .map((c) => cardText(cardOf(c)))
        .filter((text) => text.includes('Weekly report: week of Nov 16, 2026'));
      expect(reports, person).toHaveLength(1);
      for (const value of [E.started, E.accept, E.contacted, E.median, E.past])
        expect(reports[0]).toContain(value);
      expect(reports[0]).toContain('Customer s4 (');
    }
    const general = tt.connector
      .sent('post', IDS.general)
      .filter((c) => c.body.attachments)
      .map((c) => cardText(cardOf(c)))
      .filter((text) => text.includes('downstream outcome, week of Nov 16, 2026'));
    expect(general).toHaveLength(1);
    expect(general[0]).toContain(E.team);
  });
});
