import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/domain/types.js';
import type { TestBaton } from '../../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../../support/seed.js';
import { aFact, get, seedFacts, signIn, startDashboard } from './helpers.js';

/**
 * Tom is a member of Delivery; Priya leads Delivery; Dana is an admin. Acme
 * was handed from Sales to Delivery through the real service; Kimchi Co is
 * Care's alone; Vega is between Marketing and Sales.
 */
describe('who reads what on the dashboard', () => {
  let t: TestBaton;
  let tom: string;
  let priya: string;
  const XSS = '<script>alert(1)</script> & Co';

  beforeAll(async () => {
    t = await startDashboard();
    await seedCustomers(
      t.store,
      aCustomer('acme', 'Acme Corp', 'sales', {
        language: 'ko',
        attributes: {
          tier: 'enterprise',
          region: 'apac',
          dealValue: 120000,
          fields: { Industry__c: '<i>Banking</i>' },
        },
      }),
      aCustomer('kimchi', 'Kimchi Co', 'care'),
      aCustomer('vega', 'Vega Labs', 'sales'),
      aCustomer('xss', XSS, 'delivery'),
      aCustomer('gone', 'Gone Ltd', 'delivery'),
    );
    const started = await t.baton.services.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      note: 'Wants SSO <b>before</b> go-live',
      source: { kind: 'person' },
    });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const erased = await t.baton.services.forgetCustomer({
      actor: 'dana',
      customerId: 'gone',
      confirmed: true,
    });
    if (!erased.ok) throw new Error(JSON.stringify(erased));
    await seedFacts(t.store, [
      aFact({
        handoffId: started.value.handoff.id,
        customerId: 'acme',
        startedAt: '2026-11-23T15:00:00.000Z',
        week: '2026-11-23',
      }),
      aFact({
        handoffId: 'h-vega',
        customerId: 'vega',
        from: 'marketing',
        to: 'sales',
        playbook: 'marketing-to-sales',
      }),
      aFact({
        handoffId: 'h-xss',
        customerId: 'xss',
        from: 'delivery',
        to: 'care',
        playbook: 'delivery-to-care',
      }),
    ]);
    const kimchiAudit: AuditEntry = {
      id: 'aud-kimchi',
      at: '2026-11-20T09:00:00.000Z',
      actor: 'minho',
      action: 'customer.updated',
      subject: { type: 'customer', id: 'kimchi' },
      customerId: 'kimchi',
    };
    await t.store.commit({ audit: [kimchiAudit] });
    tom = await signIn(t, 'tom');
    priya = await signIn(t, 'priya');
  });
  afterAll(() => t?.stop());

  it('shows a member the customer their team received, with the journey, and refuses another team’s customer (403)', async () => {
    const acme = await get(t, '/dashboard/customers/acme', tom);
    expect(acme.status).toBe(200);
    const page = await acme.text();
    expect(page).toContain('<h1>Acme Corp</h1>');
    expect(page).toMatch(/<td>Sales<\/td><td>Delivery<\/td>\s*<td>open<\/td>/);
    expect(page).toContain('Sam Okafor');
    expect(page).toContain('Korean');
    // What its playbook segment matched on, a CRM field that is markup shown as text.
    expect(page).toContain('<dt>Tier</dt><dd>enterprise</dd>');
    expect(page).toContain('<dt>Region</dt><dd>apac</dd>');
    expect(page).toContain('<dt>Deal value (latest reported)</dt><dd>120,000</dd>');
    expect(page).toContain('<dt>CRM fields</dt><dd>Industry__c: &lt;i&gt;Banking&lt;/i&gt;</dd>');
    // The handoff note is text, never markup.
    expect(page).toContain('Wants SSO &lt;b&gt;before&lt;/b&gt; go-live');

    const kimchi = await get(t, '/dashboard/customers/kimchi', tom);
    expect(kimchi.status).toBe(403);
    const refused = await kimchi.text();
    expect(refused).not.toContain('Kimchi Co');
    expect(refused).toContain('outside your team’s handoffs and customers');

    expect((await get(t, '/dashboard/customers/kimchi', priya)).status).toBe(200);
    expect((await get(t, '/dashboard/customers/nobody', priya)).status).toBe(404);
    expect((await get(t, '/dashboard/no-such-page', priya)).status).toBe(404);
  });

  it('shows times in the reader’s zone and language', async () => {
    const jiwoo = await signIn(t, 'jiwoo');
    const page = await (await get(t, '/dashboard/customers/acme', jiwoo)).text();
    expect(page).toContain('<html lang="ko">');
    // Handed over at 15:00 UTC on the 23rd: past midnight on the 24th in Seoul.
    expect(page).toMatch(
      /<time datetime="2026-11-23T15:00:00.000Z">2026년 11월 24일 오전 12:00 GMT\+9<\/time>/,
    );
    expect(page).toContain('<dt>등급</dt><dd>enterprise</dd>');
    expect(page).toContain('<dt>거래 금액(최근 보고)</dt><dd>120,000</dd>');
    const london = await (await get(t, '/dashboard/customers/acme', tom)).text();
    expect(london).toMatch(/<time datetime="2026-11-23T15:00:00.000Z">Nov 23, 2026, 3:00 PM GMT<\/time>/);
  });

  it('shows an erased customer as erased, without the name', async () => {
    const r = await get(t, '/dashboard/customers/gone', priya);
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain('<h1>Erased customer</h1>');
    expect(page).toContain('personal data was erased');
    expect(page).not.toContain('Gone Ltd');
  });

  it('escapes a customer named like a script on the customer page and in the list', async () => {
    for (const path of ['/dashboard/customers/xss', '/dashboard/handoffs']) {
      const page = await (await get(t, path, priya)).text();
      expect(page, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
      expect(page, path).not.toContain('<script>');
    }
  });

  it('lists a member only the handoffs from and to their team, and refuses another team’s filter and its exports (403)', async () => {
    const mine = await (await get(t, '/dashboard/handoffs', tom)).text();
    expect(mine).toContain('Acme Corp');
    expect(mine).toContain('&lt;script&gt;');
    expect(mine).not.toContain('Vega Labs');
    expect(mine).toContain('2 handoffs, newest first');

    for (const q of ['team=sales', 'team=sales&format=csv', 'team=marketing&format=jsonl']) {
      const r = await get(t, `/dashboard/handoffs?${q}`, tom);
      expect(r.status, q).toBe(403);
      expect(r.headers.get('content-disposition'), q).toBeNull();
      expect(await r.text(), q).not.toContain('Vega Labs');
    }
    const lead = await get(t, '/dashboard/handoffs?team=sales', priya);
    expect(lead.status).toBe(200);
    const leadPage = await lead.text();
    expect(leadPage).toContain('Vega Labs');
    expect(leadPage).toContain('Acme Corp');
    const leadCsv = await get(t, '/dashboard/handoffs?team=sales&format=csv', priya);
    expect(leadCsv.status).toBe(200);
    expect(await leadCsv.text()).toContain('Vega Labs');
  });

  it('shows a member audit entries only about their team’s customers; another’s customer filter or export is 403', async () => {
    const mine = await (await get(t, '/dashboard/audit', tom)).text();
    expect(mine).toContain('Acme Corp');
    expect(mine).not.toContain('Kimchi Co');
    expect((await get(t, '/dashboard/audit?customer=kimchi', tom)).status).toBe(403);
    expect((await get(t, '/dashboard/audit?customer=kimchi&format=csv', tom)).status).toBe(403);
    const jsonl = await (await get(t, '/dashboard/audit?format=jsonl', tom)).text();
    const rows = jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { customer_id: string | null });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => ['acme', 'xss', 'gone'].includes(r.customer_id ?? ''))).toBe(true);

    const lead = await (await get(t, '/dashboard/audit?customer=kimchi', priya)).text();
    expect(lead).toContain('Kimchi Co');
    expect(lead).toContain('Min-ho Lee');
  });

  it('answers bad filter values with the page and its defaults, not an error', async () => {
    for (const q of [
      'state=bogus&page=-3&fromWeek=2026-13-45&language=%3Cx%3E',
      'team=nowhere&playbook=..%2F..&page=abc',
      'format=xlsx',
    ]) {
      const r = await get(t, `/dashboard/handoffs?${q}`, tom);
      expect(r.status, q).toBe(200);
      expect(r.headers.get('content-type'), q).toContain('text/html');
      expect(await r.text(), q).toContain('2 handoffs, newest first');
    }
    const audit = await get(t, '/dashboard/audit?since=yesterday&action=drop.table&cursor=', tom);
    expect(audit.status).toBe(200);
  });
});
