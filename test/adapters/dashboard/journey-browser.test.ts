import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drivePlan, PLAN } from '../../support/weekly-plan.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from '../slack/setup.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium, SHOTS, seriousViolations } from './browser-support.js';

type Json = Record<string, unknown>;

/**
 * The figures the overview must show for the six handoffs of test/support/weekly-plan.ts, all in
 * the 4 weeks up to Monday 23 Nov, worked out by hand from the plan (Delivery works 09:00-17:30
 * in London, accept within 4 business hours, first contact within 2 business days):
 * - accept business hours: p1 1, p2 8.5, s1 0.5, s2 1, s3 6, s4 1; in time (4 h): p1, s1, s2, s4.
 * - contact business hours: p1 3, p2 22, s1 6, s2 8.5, s3 25.5; s4 never contacted.
 */
const EXPECTED = {
  started: '6',
  acceptSlaRate: '67%',
  // Nearest-rank median of 0.5, 1, 1, 1, 6, 8.5: the 3rd.
  acceptMedianMs: '1 business hour',
  // Of 3, 6, 8.5, 22, 25.5: the 3rd.
  contactMedianMs: '8.5 business hours',
  // s4: due Monday 10:00, not contacted at 15:00.
  pastContactSlaNow: '1',
  declines: '0',
};

/** The first URL button in Slack blocks. */
function firstUrl(blocks: unknown): string {
  for (const b of (blocks as Json[] | undefined) ?? [])
    for (const e of (b.elements as Json[] | undefined) ?? []) if (typeof e.url === 'string') return e.url;
  throw new Error(`no link button in ${JSON.stringify(blocks)}`);
}

describe.skipIf(!HAVE_CHROMIUM && !process.env.CI)('the dashboard on handoffs driven through Baton', () => {
  let s: SlackTest;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    s = await startSlackTest({ now: '2026-11-09T08:00:00Z', dashboard: true });
    await seedCustomers(
      s.t.store,
      PLAN.map((p) =>
        aCustomer({ id: `cus_${p.id}`, name: `Customer ${p.id}`, aliases: [], language: 'en' }),
      ),
    );
    const moveTo = (iso: string) => s.pass(Date.parse(iso) - s.t.clock.now().getTime());
    await drivePlan(s.t.baton.services, moveTo);
    // Monday 23 Nov, 10:00 in New York, where Dana reads.
    await moveTo('2026-11-23T15:00:00Z');
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('signs in from the link Slack delivered and shows the figures the test worked out', async () => {
    // The link as the fake Slack received it, in the ephemeral answer to Dana's /cx dashboard.
    const { res, responseId } = await s.slack.command('/cx', 'dashboard', 'U0DANA');
    expect(res.status).toBe(200);
    const answer = res.json?.text ? (res.json as Json) : await s.slack.answer(responseId);
    const link = new URL(firstUrl(answer.blocks));
    expect(link.pathname).toBe('/dashboard/login');

    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${s.t.url}${link.pathname}${link.search}`);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.goto(`${s.t.url}/dashboard?weeks=4`);
    const shown: Record<string, string> = {};
    for (const key of Object.keys(EXPECTED))
      shown[key] = (await page.locator(`tr[data-figure="${key}"] td`).first().textContent()) ?? '';
    expect(shown).toEqual(EXPECTED);
    await page.screenshot({ path: path.join(SHOTS, 'driven-overview.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The teams page: the one playbook the plan used, Sales → Delivery, six started.
    await page.goto(`${s.t.url}/dashboard/teams?weeks=4`);
    // Cells after the team: the playbook, then the figures, started first.
    const row = page.locator('tbody tr', { hasText: 'Sales → Delivery' });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('6');
    expect(await seriousViolations(page)).toEqual([]);

    // The gaps page names s4's customer, linked to their page.
    await page.goto(`${s.t.url}/dashboard/gaps`);
    await page.getByRole('link', { name: 'Customer s4' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Customer s4');

    // The link was for one sign-in only.
    const again = await (await (browser as Browser).newPage()).goto(
      `${s.t.url}${link.pathname}${link.search}`,
    );
    expect(again?.status()).toBe(410);
  }, 120_000);
});
