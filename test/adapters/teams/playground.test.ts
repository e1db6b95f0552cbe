import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import { startPlayground } from '../../../adapters/teams/playground.js';
import { silentLogger } from '../../../src/log.js';
import { REPO, startTestBaton, type TestBaton } from '../../support/harness.js';
import { aCustomer } from '../store/builders.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** Where the test leaves its screenshots, to look at. */
export const SHOTS = path.join(REPO, 'data/playground');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

if (!HAVE_CHROMIUM && !process.env.CI) {
  console.warn(
    `Skipping the Agents Playground browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`,
  );
}

describe.skipIf(!HAVE_CHROMIUM && !process.env.CI)(
  'the newcomer’s flow in the Microsoft 365 Agents Playground',
  () => {
    let t: TestBaton;
    let pg: { url: string; stop(): Promise<void> } | undefined;
    let browser: Browser | undefined;
    let page: Page;

    beforeAll(async () => {
      if (!HAVE_CHROMIUM) {
        throw new Error(
          `CI needs Chromium for the Playground test: none at ${CHROMIUM} (apt-get install -y chromium)`,
        );
      }
      // As `npm start` runs it: the Playground on, no Teams credentials.
      t = await startTestBaton({
        adapters: async (ctx) => [await createTeamsAdapter(ctx)],
        env: { BATON_PLAYGROUND: 'on' },
      });
      const c = aCustomer({
        name: 'Acme Corp',
        aliases: ['Acme'],
        team: 'sales',
        stage: 'sales',
        owner: 'dana',
        postPurchase: false,
        language: 'ko',
      });
      for (const k of ['purchasedAt', 'contactDueAt', 'lastContactAt'] as const) delete c[k];
      await t.store.commit({ customers: [{ value: c, expectedVersion: null }] });
      pg = await startPlayground({ batonUrl: t.url, port: await freePort(), log: silentLogger });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
        ],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await mkdir(SHOTS, { recursive: true });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await pg?.stop();
      await t?.stop();
    });

    it('posts a handoff with @Baton in the Sales channel, sees the card in Delivery, becomes Tom and presses Accept', async () => {
      await page.goto(pg?.url ?? '');
      await page.getByText('General', { exact: true }).click();
      const editor = page.locator('[data-lexical-editor="true"]');
      await editor.click();
      await page.keyboard.type('@Bat');
      await page.getByText('Baton', { exact: true }).click();
      await page.keyboard.type(' handoff Acme Corp to delivery');
      await page.getByRole('button', { name: 'Post' }).click();

      // The handoff form, in the thread.
      await page.getByText('Acme Corp: Sales → Delivery').first().waitFor({ timeout: 15_000 });
      await page.getByLabel('Summary').fill('Annual plan, 40 seats. Wants SSO before go-live.');
      await page.getByLabel('Go-live date').fill('2027-01-15');
      await page.getByLabel('Key contact').fill('Min-jun Kim <mj@acme.example>');
      await page.screenshot({ path: path.join(SHOTS, '1-form.png') });
      await page.getByRole('button', { name: 'Start handoff' }).click();
      await page.getByText('Handoff of Acme Corp sent to Delivery').waitFor({ timeout: 15_000 });

      // The outbox posts the card in the Delivery channel.
      await t.advance(0);
      await page.getByText('Delivery', { exact: true }).first().click();
      const card = page.getByText('Customer prefers Korean: answer in Korean').first();
      await card.waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(SHOTS, '2-card.png') });

      // Dana handed it over, so she may not accept it: in the Personal Chat the newcomer
      // becomes Tom, of Delivery (a Playground-only command), and goes back to the card.
      await page.getByText('Personal Chat', { exact: true }).click();
      await page.locator('[data-lexical-editor="true"]').last().click();
      await page.keyboard.type('as tom');
      await page.keyboard.press('Enter');
      await page
        .getByText('In this demo you are now Tom Becker (Delivery)')
        .first()
        .waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(SHOTS, '3-as-tom.png') });
      await page.getByText('Delivery', { exact: true }).first().click();
      await card.waitFor({ timeout: 15_000 });

      await page.getByRole('button', { name: 'Accept' }).first().click();
      await page.getByText('Accepted by Tom Becker').first().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(SHOTS, '4-accepted.png') });
      const [h] = await t.store.listHandoffs({ to: 'delivery' });
      expect(h?.state).toBe('accepted');
      expect(h?.owner).toBe('tom');
    }, 90_000);
  },
);
