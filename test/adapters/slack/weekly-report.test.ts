import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { openLowdbStore } from '../../../adapters/store/lowdb/index.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { manualClock } from '../../../src/clock.js';
import type { Store } from '../../../src/store/store.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../../support/harness.js';
import { expectedWeek, lateCustomers, seedJourney } from '../../support/journey-seed.js';
import {
  GAPS_OVERDUE_H,
  OUTCOMES,
  REPORTED_WEEK,
  WEEK_BEFORE,
  WORST_FIRST,
} from '../../support/weekly-outcomes.js';
import { type FakeMessage, FakeSlack } from './fake-slack.js';
import { SECRET, seedCustomers, TOKEN } from './setup.js';
import { visibleText } from './slack-client.js';

const PUBLIC = 'https://baton.example.com';
const HOUR = 3_600_000;
/** Sunday evening in New York and London, Monday 05:00 in Seoul: no one's report time has come. */
const SUNDAY = '2026-11-22T20:00:00Z';

describe('Slack: the weekly report', () => {
  let fake: FakeSlack;
  let store: Store;
  let t: TestBaton | undefined;

  const start = async (now: string, on: Store = store) => {
    t = await startTestBaton({
      adapters: async (ctx) => [await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })],
      env: {
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.url,
        BATON_PUBLIC_URL: PUBLIC,
      },
      now,
      store: on,
    });
    return t;
  };
  const dms = (user: string) => fake.messages.filter((m) => m.channel === `D${user}`);
  /** The reports on the week of 16 Nov in a person's DM (en or ko). */
  const reports = (user: string, week = /week of Nov 16, 2026|2026년 11월 16일/) =>
    dms(user).filter((m) => /^(Weekly report|주간 보고)/.test(m.text ?? '') && week.test(m.text ?? ''));
  const teamPosts = (channel: string) =>
    fake
      .channel(channel)
      .filter((m) => /downstream outcome, week of Nov 16, 2026/.test(visibleText(m.blocks)));

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    store = createMemoryStore();
    await seedJourney(store, OUTCOMES);
    await seedCustomers(store, lateCustomers(new Date(SUNDAY), GAPS_OVERDUE_H));
  });
  afterEach(async () => {
    await t?.stop();
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('reaches each lead, admin and the named CXO once, at their local report time, with the figures of the week', async () => {
    const b = await start(SUNDAY);
    await b.advance(0);
    // A first start catches up on the report of the week before (its time passed last Monday), nothing more.
    expect(reports('U0DANA', /week of Nov 9, 2026/)).toHaveLength(1);
    for (const user of ['U0DANA', 'U0PRIYA', 'U0JIWOO', 'U0OLIVIA']) expect(reports(user)).toEqual([]);

    // Monday 09:30 in London (and 18:30 in Seoul): Priya's and Ji-woo's time has come, not New York's.
    await b.advance(Date.parse('2026-11-23T09:30:00Z') - b.clock.now().getTime());
    await b.advance(0);
    expect(reports('U0PRIYA')).toHaveLength(1);
    expect(reports('U0JIWOO')).toHaveLength(1);
    expect(reports('U0DANA')).toHaveLength(0);
    expect(reports('U0OLIVIA')).toHaveLength(0);

    // Monday 15:00 UTC is 10:00 in New York: Dana (Sales lead, admin), Mia (Marketing lead) and Olivia (the CXO, named).
    await b.advance(Date.parse('2026-11-23T15:00:00Z') - b.clock.now().getTime());
    await b.advance(0);
    for (const user of ['U0DANA', 'U0MIA', 'U0OLIVIA']) expect(reports(user)).toHaveLength(1);
    // Members who lead nothing and are not named get none.
    for (const user of ['U0SAM', 'U0TOM', 'U0LEO', 'U0MINHO']) expect(dms(user)).toEqual([]);

    const now = b.clock.now();
    const cur = expectedWeek(OUTCOMES, REPORTED_WEEK, now);
    const prev = expectedWeek(OUTCOMES, WEEK_BEFORE, now);
    const olivia = reports('U0OLIVIA')[0] as FakeMessage;
    const text = visibleText(olivia.blocks);
    expect(text).toContain('Weekly report: week of Nov 16, 2026');
    expect(text).toContain(`*Handoffs started*\n${cur.started} (week before: ${prev.started})`);
    expect(text).toContain(`*Accepted within SLA*\n${cur.acceptSla} (week before: ${prev.acceptSla})`);
    expect(text).toContain(
      `*Contacted within SLA*\n${cur.contactedInSla} (week before: ${prev.contactedInSla})`,
    );
    expect(text).toContain(
      `*Median time to first contact (business hours)*\n${cur.medianContact} (week before: ${prev.medianContact})`,
    );
    expect(text).toContain(`*Past their contact SLA now*\n${cur.pastSla} (week before: ${prev.pastSla})`);
    // The numbers the test worked out by hand, so a mistake in expectedWeek shows too.
    expect([cur.started, cur.acceptSla, cur.contactedInSla, cur.medianContact, cur.pastSla]).toEqual([
      '7',
      '86%',
      '5 (71%)',
      '6 h',
      '1',
    ]);
    // The five worst gaps, worst first; the sixth is left out.
    const at = WORST_FIRST.map((name) => text.indexOf(name));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(text).not.toContain('Late Co 5');
    const buttons = (olivia.blocks as Array<{ type: string; elements?: Array<{ url?: string }> }>)
      .filter((bl) => bl.type === 'actions')
      .flatMap((bl) => bl.elements ?? []);
    expect(buttons.map((e) => e.url)).toEqual([`${PUBLIC}/dashboard`]);
    // Ji-woo reads it in Korean.
    expect(visibleText(reports('U0JIWOO')[0]?.blocks)).toContain('주간 보고');

    // Each sending team hears what became of the customers it handed on; Delivery handed none on.
    const sales = teamPosts('C0SALES');
    expect(sales).toHaveLength(1);
    expect(visibleText(sales[0]?.blocks)).toContain(
      `Sales handed ${cur.count - 2} customers to Delivery: 3 contacted within SLA, median 6 business hours; 1 waiting.`,
    );
    expect(visibleText(teamPosts('C0MARKETING')[0]?.blocks)).toContain(
      'Marketing handed 2 customers to Sales: 2 contacted within SLA, median 2 business hours; 0 waiting.',
    );
    expect(teamPosts('C0DELIVERY')).toEqual([]);

    // Tick again and again through the week: still once.
    for (let i = 0; i < 5; i++) await b.advance(6 * HOUR);
    for (const user of ['U0DANA', 'U0MIA', 'U0OLIVIA', 'U0PRIYA', 'U0JIWOO'])
      expect(reports(user)).toHaveLength(1);
    expect(teamPosts('C0SALES')).toHaveLength(1);
  });

  it('a fortnight without handoffs sends nothing; facts written later (a backfill) are reported within the hour', async () => {
    const empty = createMemoryStore();
    const b = await start('2026-11-23T15:00:00Z', empty);
    await b.advance(0);
    expect(dms('U0OLIVIA')).toEqual([]);
    expect(fake.channel('C0SALES')).toEqual([]);
    await seedJourney(empty, OUTCOMES);
    await b.advance(30 * 60_000);
    expect(reports('U0OLIVIA')).toEqual([]);
    await b.advance(31 * 60_000);
    expect(reports('U0OLIVIA')).toHaveLength(1);
    expect(teamPosts('C0SALES')).toHaveLength(1);
  });

  it('a restart on the data file does not send it again, and next week brings the next one', async () => {
    const tmp = await tempDir();
    const file = path.join(tmp.dir, 'baton.json');
    const open = async (now: string) => openLowdbStore({ file, clock: manualClock(now) });
    try {
      const seeded = await open('2026-11-23T14:00:00Z');
      await seedJourney(seeded, OUTCOMES);
      await seedCustomers(seeded, lateCustomers(new Date(SUNDAY), GAPS_OVERDUE_H));
      await seeded.close();

      const first = await start('2026-11-23T15:00:00Z', await open('2026-11-23T15:00:00Z'));
      await first.advance(0);
      expect(reports('U0OLIVIA')).toHaveLength(1);
      await first.stop();
      t = undefined;

      const again = await start('2026-11-23T16:00:00Z', await open('2026-11-23T16:00:00Z'));
      await again.advance(0);
      await again.advance(HOUR);
      expect(reports('U0OLIVIA')).toHaveLength(1);
      expect(reports('U0DANA')).toHaveLength(1);
      expect(teamPosts('C0SALES')).toHaveLength(1);

      // The next Monday: a report on the week of 23 Nov (nothing started then, but the week before had handoffs).
      await again.advance(Date.parse('2026-11-30T15:00:00Z') - again.clock.now().getTime());
      await again.advance(0);
      expect(reports('U0OLIVIA', /./).map((m) => m.text?.slice(0, 40))).toEqual([
        'Weekly report: week of Nov 16, 2026: Han',
        'Weekly report: week of Nov 23, 2026: Han',
      ]);
      // Sales handed no one on that week: no post of zeros.
      expect(teamPosts('C0SALES')).toHaveLength(1);
      await again.stop();
      t = undefined;
    } finally {
      await tmp.cleanup();
    }
  });

  it('sends nothing at all with reports.weekly.enabled: false', async () => {
    const tmp = await tempDir();
    try {
      const example = YAML.parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8'));
      example.reports = { weekly: { enabled: false } };
      const config = path.join(tmp.dir, 'baton.config.yaml');
      await writeFile(config, YAML.stringify(example));
      t = await startTestBaton({
        adapters: async (ctx) => [await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })],
        env: {
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: fake.url,
          BATON_CONFIG: config,
        },
        now: '2026-11-23T15:00:00Z',
        store,
      });
      for (let i = 0; i < 3; i++) await t.advance(HOUR);
      // Past everyone's report time on a fortnight with handoffs (the first test's reports): none.
      for (const user of ['U0DANA', 'U0PRIYA', 'U0JIWOO', 'U0OLIVIA', 'U0MIA'])
        expect(reports(user)).toEqual([]);
      expect(teamPosts('C0SALES')).toEqual([]);
    } finally {
      await tmp.cleanup();
    }
  });
});
