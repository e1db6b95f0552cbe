import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import type { Store } from '../../../src/store/store.js';
import { startTestBaton, type TestBaton } from '../../support/harness.js';
import { expectedWeek, lateCustomers, seedJourney } from '../../support/journey-seed.js';
import {
  GAPS_OVERDUE_H,
  OUTCOMES,
  REPORTED_WEEK,
  WEEK_BEFORE,
  WORST_FIRST,
} from '../../support/weekly-outcomes.js';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, IDS, startTeams, type TeamsTest } from './helpers.js';

const PUBLIC = 'https://baton.example.com';
const HOUR = 3_600_000;
/** Monday 08:00 in London, 03:00 in New York: nobody in those zones has had this week's report yet. */
const MONDAY_EARLY = '2026-11-23T08:00:00Z';

/** Every Action.OpenUrl in a card. */
function openUrls(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl') out.push(String(o.url));
    for (const val of Object.values(o)) if (typeof val === 'object') walk(val);
  };
  walk(card);
  return out;
}

describe('Teams: the weekly report', () => {
  let tt: TeamsTest;
  let store: Store;
  let restarted: TestBaton | undefined;

  beforeEach(async () => {
    store = createMemoryStore();
    await seedJourney(store, OUTCOMES);
    await seedCustomers();
    tt = await startTeams({ store, now: MONDAY_EARLY, env: { BATON_PUBLIC_URL: PUBLIC } });
    await tt.install(['dana', 'olivia', 'priya', 'mia', 'sam']);
    tt.connector.reset();
  });
  afterEach(async () => {
    await restarted?.stop();
    await tt.stop();
  });

  async function seedCustomers() {
    const late = lateCustomers(new Date(MONDAY_EARLY), GAPS_OVERDUE_H);
    const r = await store.commit({ customers: late.map((value) => ({ value, expectedVersion: null })) });
    expect(r.ok).toBe(true);
  }

  /** The weekly reports on the week of 16 Nov posted in a person's 1:1 chat. */
  const reports = (person: string): ConnectorCall[] =>
    tt.connector
      .sent('post', `a:1to1-29:${person}`)
      .filter((c) => cardText(cardOf(c)).includes('Weekly report: week of Nov 16, 2026'));
  const teamPosts = (channel: string) =>
    tt.connector
      .sent('post', channel)
      .filter(
        (c) => c.body.attachments && cardText(cardOf(c)).includes('downstream outcome, week of Nov 16'),
      );

  it('reaches the lead and the named CXO once in their 1:1 chat, with the figures of the week', async () => {
    await tt.t.advance(0);
    expect(reports('dana')).toEqual([]);
    expect(reports('olivia')).toEqual([]);

    // 10:00 in New York.
    await tt.t.advance(Date.parse('2026-11-23T15:00:00Z') - tt.t.clock.now().getTime());
    await tt.t.advance(0);
    expect(reports('dana')).toHaveLength(1);
    expect(reports('olivia')).toHaveLength(1);
    expect(tt.connector.sent('post', 'a:1to1-29:sam')).toEqual([]);

    const now = tt.t.clock.now();
    const cur = expectedWeek(OUTCOMES, REPORTED_WEEK, now);
    const prev = expectedWeek(OUTCOMES, WEEK_BEFORE, now);
    const card = cardOf(reports('olivia')[0]);
    const text = cardText(card);
    expect(text).toContain('Handoffs started');
    expect(text).toContain(`${cur.started} (week before: ${prev.started})`);
    expect(text).toContain(`${cur.acceptSla} (week before: ${prev.acceptSla})`);
    expect(text).toContain(`${cur.contactedInSla} (week before: ${prev.contactedInSla})`);
    expect(text).toContain(`${cur.medianContact} (week before: ${prev.medianContact})`);
    expect(text).toContain(`${cur.pastSla} (week before: ${prev.pastSla})`);
    const at = WORST_FIRST.map((name) => text.indexOf(name));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(text).not.toContain('Late Co 5');
    // Each gap opens its customer's dashboard page (worst first), then the button to the dashboard.
    const pageOf = (name: string) => `${PUBLIC}/dashboard/customers/cus_late${name.slice(-1)}`;
    expect(openUrls(card)).toEqual([...WORST_FIRST.map(pageOf), `${PUBLIC}/dashboard`]);

    // Sales and Marketing share the General channel in the example config: one post each.
    const general = teamPosts(IDS.general).map((c) => cardText(cardOf(c)));
    expect(general).toHaveLength(2);
    expect(general.join('\n')).toContain(
      `Sales handed ${cur.count - 2} customers to Delivery: 3 contacted within SLA, median 6 business hours; 1 waiting.`,
    );

    for (let i = 0; i < 4; i++) await tt.t.advance(6 * HOUR);
    expect(reports('dana')).toHaveLength(1);
    expect(reports('olivia')).toHaveLength(1);
    expect(teamPosts(IDS.general)).toHaveLength(2);
  });

  it('a restart does not send it again', async () => {
    await tt.t.advance(Date.parse('2026-11-23T15:00:00Z') - tt.t.clock.now().getTime());
    await tt.t.advance(0);
    expect(reports('olivia')).toHaveLength(1);
    await tt.t.stop();
    restarted = await startTestBaton({
      adapters: async (ctx) => [await createTeamsAdapter(ctx)],
      env: { BATON_PUBLIC_URL: PUBLIC },
      now: '2026-11-23T16:00:00Z',
      store,
    });
    await restarted.advance(0);
    await restarted.advance(HOUR);
    expect(reports('olivia')).toHaveLength(1);
    expect(reports('dana')).toHaveLength(1);
    expect(teamPosts(IDS.general)).toHaveLength(2);
    // tt.stop() in afterEach stops the first Baton again: harmless, and closes the connector.
  });
});
