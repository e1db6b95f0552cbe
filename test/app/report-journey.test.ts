import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import type { JourneyPatch } from '../../src/analytics/fact.js';
import type { Store } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { REPO, tempDir } from '../support/harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Monday (UTC) of the week holding `ms`, counted here by hand. */
function monday(ms: number): string {
  const d = new Date(ms);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(ms - back * DAY).toISOString().slice(0, 10);
}

/** A fact as the recorder writes it, `daysAgo` before the real now (the CLI reads the system clock). */
function fact(id: string, daysAgo: number, extra: Partial<JourneyPatch['set']>, add?: JourneyPatch['add']) {
  const start = Date.now() - daysAgo * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const patch: JourneyPatch = {
    handoffId: id,
    set: {
      customerId: `cus_${id}`,
      playbook: 'sales-to-delivery',
      from: 'sales',
      to: 'delivery',
      source: 'person',
      language: 'en',
      week: monday(start),
      startedAt: iso(start),
      state: 'contacted',
      sender: 'sam',
      updatedAt: iso(start + DAY),
      ...extra,
    },
  };
  if (add) patch.add = add;
  return patch;
}

describe('baton report journey', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let store: Store;
  let env: Record<string, string>;
  beforeEach(async () => {
    tmp = await tempDir();
    const file = path.join(tmp.dir, 'baton.json');
    env = { BATON_DATA_FILE: file, BATON_CONFIG: path.join(REPO, 'baton.config.example.yaml') };
    // Held open, as a running Baton holds it.
    store = await openLowdbStore({ file });
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const r = await store.commit({
      journey: [
        // Accepted in 2 business hours, in time; contacted in 5.
        fact('a', 3, {
          acceptDueAt: iso(now - 3 * DAY + 4 * HOUR),
          acceptedAt: iso(now - 3 * DAY + 2 * HOUR),
          acceptBusinessMs: 2 * HOUR,
          contactDueAt: iso(now - DAY),
          contactedAt: iso(now - 3 * DAY + 5 * HOUR),
          contactBusinessMs: 5 * HOUR,
        }),
        // From the CRM: declined once, then accepted late, after 6 business hours; not contacted, past due (0% in time).
        fact(
          'b',
          5,
          {
            source: 'hubspot',
            state: 'accepted',
            acceptDueAt: iso(now - 5 * DAY + 4 * HOUR),
            acceptedAt: iso(now - 4 * DAY),
            acceptBusinessMs: 6 * HOUR,
            contactDueAt: iso(now - 2 * DAY),
          },
          { declines: 1, declineReasons: ['wrong contact'] },
        ),
        // Two months ago: outside the default 30 days.
        fact('c', 60, { acceptedAt: iso(now - 60 * DAY + HOUR), acceptBusinessMs: HOUR }),
      ],
    });
    expect(r.ok).toBe(true);
  });
  afterEach(async () => {
    await store.close();
    await tmp.cleanup();
  });

  it('prints the figures of the last 30 days, as JSON and as a table by source', async () => {
    const json = await runCli(['report', 'journey', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { rows: Array<{ figures: Record<string, unknown> }> };
    expect(out.rows).toHaveLength(1);
    // Counted here: two started; accept times [2 h, 6 h] → nearest-rank median 2 h, p90 6 h; one of two in time.
    expect(out.rows[0]?.figures).toMatchObject({
      started: 2,
      accepted: 2,
      acceptSlaRate: 0.5,
      acceptMedianMs: 2 * HOUR,
      acceptP90Ms: 6 * HOUR,
      contacted: 1,
      contactSlaRate: 0.5,
      declines: 1,
      pastContactSlaNow: 1,
    });

    const text = await runCli(['report', 'journey', '--by', 'source'], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Handoffs started since');
    const lines = text.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('Source'))).toMatch(/Started\s+Accepted in SLA\s+Accept median/);
    expect(lines.find((l) => l.startsWith('HubSpot'))).toMatch(/^HubSpot\s+1\s+0%\s+6 h\s+6 h\s+0%\s+-\s+-/);
    expect(lines.find((l) => l.startsWith('Person'))).toMatch(
      /^Person\s+1\s+100%\s+2 h\s+2 h\s+100%\s+5 h\s+5 h/,
    );
    expect(text.stdout).toContain('- wrong contact: 1');

    const longer = await runCli(['report', 'journey', '--since', '90d', '--json'], { env });
    expect(JSON.parse(longer.stdout).rows[0].figures.started).toBe(3);
  });

  it('speaks the config’s default locale, and refuses a group it does not know', async () => {
    const config = (await readFile(env.BATON_CONFIG ?? '', 'utf8')).replace(
      /defaults:\n {2}locale: en/,
      'defaults:\n  locale: ko',
    );
    const koConfig = path.join(tmp.dir, 'baton.config.yaml');
    await writeFile(koConfig, config);
    const ko = await runCli(['report', 'journey', '--by', 'team'], {
      env: { ...env, BATON_CONFIG: koConfig },
    });
    expect(ko.code, ko.stderr).toBe(0);
    expect(ko.stdout).toContain('이후 시작된 인계: 2건');
    expect(ko.stdout).toMatch(/받는 팀\s+시작\s+SLA 내 수락/);
    expect(ko.stdout).toMatch(/Delivery\s+2\s+50%\s+2시간\s+6시간/);

    const wrong = await runCli(['report', 'journey', '--by', 'colour'], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('group by any of week, team, from, playbook, source, language');
  });
});
