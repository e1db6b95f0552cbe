import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../../support/seed.js';
import {
  CHROMIUM,
  HAVE_CHROMIUM,
  launchChromium,
  SHOTS,
  seriousViolations,
} from '../dashboard/browser-support.js';
import { answerLinks, type PulseTest, parseMail, startPulseTest } from './support.js';

describe.skipIf(!HAVE_CHROMIUM && !process.env.CI)('the pulse answer pages in a browser', () => {
  let s: PulseTest;
  let browser: Browser | undefined;
  let links: Record<string, string> = {};

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI needs Chromium for the pulse browser test: none at ${CHROMIUM}`);
    s = await startPulseTest();
    await seedCustomers(s.t.store, aCustomer('acme', 'Acme Corp', 'sales', { language: 'ko' }));
    const svc = s.t.baton.services;
    const r = await svc.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    await svc.logHandoffContact({ handoffId: r.value.handoff.id, actor: 'tom', channel: 'call' });
    await s.pass(86_400_000);
    const dir = path.join(s.dataDir, 'mail');
    const [file] = await readdir(dir);
    links = answerLinks(parseMail(await readFile(path.join(dir, file ?? ''), 'utf8')).text);
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('asks to confirm, records on the button, in Korean, with no serious accessibility violation', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 420, height: 720 } });
    const csp: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${s.t.url}${links['need-help']}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ko');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('답변');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'pulse-confirm.png'), fullPage: true });
    await page.getByRole('button', { name: '이 답변 보내기' }).click();
    await expect(page.getByText('감사합니다. 담당 팀에 알렸으니 곧 연락드리겠습니다.').count()).resolves.toBe(
      1,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'pulse-thanks.png'), fullPage: true });
    const h = (await s.t.store.listHandoffs({ customerId: 'acme' }))[0];
    expect(h?.pulse?.answer).toBe('need-help');

    await page.goto(`${s.t.url}/pulse/not-a-token.at-all`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'pulse-forged.png'), fullPage: true });
    expect(csp).toEqual([]);
  });
});
