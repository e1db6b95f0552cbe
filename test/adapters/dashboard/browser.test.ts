import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBaton } from '../../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../../support/seed.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium, SHOTS, seriousViolations } from './browser-support.js';
import { aFact, linkFor, seedFacts, startDashboard } from './helpers.js';

describe.skipIf(!HAVE_CHROMIUM && !process.env.CI)('the dashboard in a browser', () => {
  let t: TestBaton;
  let browser: Browser | undefined;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM)
      throw new Error(
        `CI needs Chromium for the dashboard browser test: none at ${CHROMIUM} (apt-get install -y chromium)`,
      );
    t = await startDashboard();
    await seedCustomers(
      t.store,
      aCustomer('acme', 'Acme Corp', 'sales', { language: 'ko' }),
      aCustomer('hanbit', '한빛 주식회사', 'care', { language: 'ko' }),
    );
    const r = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      note: 'Kickoff promised for next week',
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    await t.baton.services.accept({ handoffId: r.value.handoff.id, actor: 'tom' });
    await seedFacts(t.store, [
      aFact({
        handoffId: r.value.handoff.id,
        customerId: 'acme',
        state: 'accepted',
        owner: 'tom',
        startedAt: '2026-11-23T15:00:00.000Z',
        acceptedAt: '2026-11-23T15:00:00.000Z',
        week: '2026-11-23',
        language: 'ko',
      }),
      aFact({
        handoffId: 'h-care',
        customerId: 'hanbit',
        from: 'delivery',
        to: 'care',
        playbook: 'delivery-to-care',
        source: 'hubspot',
        language: 'ko',
      }),
    ]);
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function signedInPage(person: string): Promise<Page> {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(await linkFor(t, person));
    return page;
  }

  it('signs in from a link, shows every page with no serious accessibility violation, and logs out', async () => {
    const page = await signedInPage('priya');
    // The 303 left the token behind: the address bar shows the dashboard.
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(page.url()).not.toContain('token');
    await expect(page.getByText('Signed in as Priya Shah').count()).resolves.toBe(1);
    // The first Tab reaches the skip link, shown on screen while it has focus.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    expect((await skip.boundingBox())?.x ?? -1).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, '0-skip-link.png') });

    const visits: Array<[string, string, string]> = [
      ['1-overview', '/dashboard', 'Overview'],
      ['2-teams', '/dashboard/teams', 'Teams'],
      ['3-gaps', '/dashboard/gaps', 'Gaps'],
      ['4-handoffs', '/dashboard/handoffs', 'Handoffs'],
      ['5-audit', '/dashboard/audit', 'Audit'],
      ['6-customer', '/dashboard/customers/acme', 'Acme Corp'],
      ['7-handoffs-filtered', '/dashboard/handoffs?team=care&language=ko', 'Handoffs'],
    ];
    for (const [shot, target, heading] of visits) {
      const nav = target.split('?')[0] === '/dashboard' ? 'Overview' : undefined;
      await page.goto(`${t.url}${target}`);
      await expect(page.locator('h1').textContent(), target).resolves.toBe(heading);
      await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
      expect(await seriousViolations(page), target).toEqual([]);
      if (nav) await expect(page.locator('nav a[aria-current="page"]').textContent()).resolves.toBe(nav);
    }

    // The list links to the customer; the filters are a plain GET form.
    await page.goto(`${t.url}/dashboard/handoffs`);
    await page.getByLabel('Customer language').selectOption('ko');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).searchParams.get('language')).toBe('ko');
    await page.getByRole('link', { name: 'Acme Corp' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Acme Corp');

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Signed out');
    await page.screenshot({ path: path.join(SHOTS, '8-signed-out.png') });
    await page.goto(`${t.url}/dashboard`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in to the Baton dashboard');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, '9-sign-in-needed.png') });
    expect(cspErrors).toEqual([]);

    // A control: the same check does see a violation where there is one.
    await page.setContent('<html lang="en"><body><main><img src="data:,"></main></body></html>');
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('image-alt');
  }, 120_000);

  it('speaks Korean to a Korean reader, in their zone, and refuses a member another team’s customer', async () => {
    const page = await signedInPage('minho');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ko');
    await page.goto(`${t.url}/dashboard/customers/hanbit`);
    await expect(page.locator('h1').textContent()).resolves.toBe('한빛 주식회사');
    await page.screenshot({ path: path.join(SHOTS, '10-customer-ko.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    const refused = await page.goto(`${t.url}/dashboard/customers/acme`);
    expect(refused?.status()).toBe(403);
    await page.screenshot({ path: path.join(SHOTS, '11-forbidden-ko.png') });
    expect(await seriousViolations(page)).toEqual([]);
    expect(cspErrors).toEqual([]);
  }, 60_000);
});
