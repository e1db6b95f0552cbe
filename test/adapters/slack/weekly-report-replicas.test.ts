import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import type { Store } from '../../../src/store/store.js';
import { startTestBaton, type TestBaton } from '../../support/harness.js';
import { seedJourney } from '../../support/journey-seed.js';
import { type PostgresTarget, postgresTarget } from '../../support/postgres-target.js';
import { OUTCOMES } from '../../support/weekly-outcomes.js';
import { FakeSlack } from './fake-slack.js';
import { SECRET, TOKEN } from './setup.js';
import { visibleText } from './slack-client.js';

/**
 * Two replicas on one PostgreSQL schema reach the report time together: each
 * queues the reports, the delivery keys let one of each in, and every
 * recipient and channel gets one.
 */
describe('Slack: the weekly report from two replicas on PostgreSQL', () => {
  let pgt: PostgresTarget;
  let fake: FakeSlack;
  const batons: TestBaton[] = [];

  beforeEach(async () => {
    pgt = await postgresTarget();
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    for (const b of batons.splice(0)) await b.stop();
    await fake.close();
    await pgt.close();
  });

  const start = (store: Store) =>
    startTestBaton({
      adapters: async (ctx) => [await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })],
      env: { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url },
      now: '2026-11-23T14:59:00Z',
      store,
    });

  it('is sent once to each recipient and each sending team', async () => {
    const schema = pgt.freshSchema();
    const first = await pgt.open(schema);
    await seedJourney(first, OUTCOMES);
    batons.push(await start(first), await start(await pgt.open(schema)));
    // 10:00 in New York, on both at once, and again.
    for (let i = 0; i < 3; i++) await Promise.all(batons.map((b) => b.advance(i === 0 ? 60_000 : 0)));

    for (const user of ['U0DANA', 'U0MIA', 'U0OLIVIA', 'U0PRIYA', 'U0JIWOO']) {
      const reports = fake.messages.filter(
        (m) => m.channel === `D${user}` && /^(Weekly report|주간 보고)/.test(m.text ?? ''),
      );
      expect(reports, user).toHaveLength(1);
    }
    for (const channel of ['C0SALES', 'C0MARKETING'])
      expect(
        fake.channel(channel).filter((m) => visibleText(m.blocks).includes('downstream outcome')),
        channel,
      ).toHaveLength(1);
  });
});
