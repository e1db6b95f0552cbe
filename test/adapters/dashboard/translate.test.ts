import { afterEach, describe, expect, it } from 'vitest';
import { DEEPL_QUOTA, FakeDeepl, leaksPersonal, PERSONAL } from '../../support/fake-translators.js';
import type { TestBaton } from '../../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../../support/seed.js';
import { get, signIn, startDashboard } from './helpers.js';

const KOREAN = `고객 담당자 연락처는 ${PERSONAL.email}, ${PERSONAL.phone}입니다.`;
const LINK = 'href="/dashboard/customers/acme?translate=1"';

describe('the dashboard customer page: Translate', () => {
  let t: TestBaton;
  let deepl: FakeDeepl | undefined;
  afterEach(async () => {
    await t.stop();
    await deepl?.close();
  });

  async function start(env: Record<string, string>) {
    t = await startDashboard({ env });
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales', { language: 'ko' }));
    const started = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: { ...DELIVERY_CONTEXT, summary: KOREAN },
      note: 'Wants SSO <b>before</b> go-live',
      source: { kind: 'person' },
    });
    if (!started.ok) throw new Error(JSON.stringify(started));
    return signIn(t, 'tom');
  }

  it('a plain link shows what people wrote in the reader language, escaped, addresses kept home', async () => {
    deepl = await new FakeDeepl().start();
    const tom = await start({ DEEPL_AUTH_KEY: deepl.authKey, DEEPL_SERVER_URL: deepl.url });
    const plain = await (await get(t, '/dashboard/customers/acme', tom)).text();
    expect(plain).toContain(LINK);
    expect(plain).not.toContain('[en-US]');
    expect(deepl.requests).toHaveLength(0);

    const res = await get(t, '/dashboard/customers/acme?translate=1', tom);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Acme Corp, in English');
    expect(page).toContain(`[en-US] 고객 담당자 연락처는 ${PERSONAL.email}, ${PERSONAL.phone}입니다.`);
    // The note's markup arrives as text, never as a tag.
    expect(page).toContain('[en-US] Wants SSO &lt;b&gt;before&lt;/b&gt; go-live');
    expect(page).not.toContain('<b>before</b>');
    expect(page).toContain('href="/dashboard/customers/acme"');
    expect(page).not.toMatch(/<script/i);
    expect(leaksPersonal(deepl.sent())).toBe(false);

    deepl.failures = [DEEPL_QUOTA];
    // Cached: the failure is never asked for.
    await (await get(t, '/dashboard/customers/acme?translate=1', tom)).text();
    expect(deepl.requests).toHaveLength(1);
  });

  it('a provider failure shows the original with a note; with no provider there is no link', async () => {
    deepl = await new FakeDeepl().start();
    deepl.failures = [DEEPL_QUOTA];
    const tom = await start({ DEEPL_AUTH_KEY: deepl.authKey, DEEPL_SERVER_URL: deepl.url });
    const page = await (await get(t, '/dashboard/customers/acme?translate=1', tom)).text();
    expect(page).toContain('Translation unavailable right now: showing the original.');
    expect(page).toContain(KOREAN);
    await t.stop();
    await deepl.close();
    deepl = undefined;

    const again = await start({});
    const off = await (await get(t, '/dashboard/customers/acme?translate=1', again)).text();
    expect(off).not.toContain('?translate=1');
    expect(off).not.toContain('in English');
  });
});
