import { beforeAll, describe, expect, it } from 'vitest';
import type { DashboardReader, Page, PageContext, PageResult } from '../../../adapters/dashboard/page.js';
import { gapsPage } from '../../../adapters/dashboard/pages/gaps.js';
import { overviewPage } from '../../../adapters/dashboard/pages/overview.js';
import { teamsPage } from '../../../adapters/dashboard/pages/teams.js';
import { aCustomer, seedCustomers } from '../../support/seed.js';
import { CURRENT, GAP_CUSTOMERS, HOSTILE, NOW, PREVIOUS } from '../../views/dashboard/scenario.js';
import { commitFacts, lead, member, type World, world } from '../../views/dashboard/world.js';

let w: World;
beforeAll(async () => {
  w = await world(NOW);
  await commitFacts(w.store, [...CURRENT, ...PREVIOUS]);
  await seedCustomers(w.store, ...GAP_CUSTOMERS.map((c) => aCustomer(c.id, c.name, c.team, { ...c.extra })));
});

function context(reader: DashboardReader, query = ''): PageContext {
  return {
    reader,
    now: new Date(NOW),
    services: w.services,
    query: new URLSearchParams(query),
    href: (path, params = {}) => {
      const q = new URLSearchParams(
        Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
      ).toString();
      return `/dashboard${path}${q ? `?${q}` : ''}`;
    },
  };
}

async function render(
  page: Page,
  reader: DashboardReader,
  query = '',
): Promise<{ title: string; body: string }> {
  const r: PageResult = await page(context(reader, query));
  if (r.kind !== 'page') throw new Error(`expected a page, got ${r.status}`);
  return { title: r.title, body: r.body.value };
}

/** The text of a headline row: its cells without markup. */
function row(body: string, figure: string): string[] {
  const m = new RegExp(`<tr data-figure="${figure}"[^>]*>(.*?)</tr>`).exec(body);
  if (!m?.[1]) throw new Error(`no row ${figure}`);
  return [...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1] ?? '');
}

describe('the overview page', () => {
  it('shows the headline figures against the previous period, in words an English reader reads', async () => {
    const { title, body } = await render(overviewPage, lead());
    expect(title).toBe('Overview');
    expect(body).toContain('<h1>Overview</h1>');
    expect(body).toContain('4 weeks, Nov 9, 2026 to Dec 6, 2026, against the 4 weeks before');
    expect(row(body, 'started')).toEqual(['Handoffs started', '6', '2', 'Up']);
    expect(row(body, 'acceptSlaRate')).toEqual(['Accepted within SLA', '60%', '100%', 'Down, worse']);
    expect(row(body, 'contactMedianMs')).toEqual([
      'Median time to first contact',
      '4 business hours',
      '6 business hours',
      'Down, better',
    ]);
    expect(row(body, 'purchaseToContactMedianMs')).toEqual([
      'Median time from purchase to first contact',
      '1 day',
      '20 hours',
      'Up, worse',
    ]);
    expect(row(body, 'pastContactSlaNow')).toEqual(['Past contact SLA now', '1', '0', 'Up, worse']);
    expect(body).toMatch(/<caption>This period against the previous period of the same length<\/caption>/);
    expect(body).toContain('<th scope="col">This period</th>');
  });

  it('draws the trend and the SLA by team as SVG charts with an accessible name, and the same numbers in tables', async () => {
    const { body } = await render(overviewPage, lead());
    const svgs = [...body.matchAll(/<svg role="img" aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(svgs).toHaveLength(4);
    expect(svgs[0]).toBe('Handoffs started per week: Nov 9: 1, Nov 16: 1, Nov 23: 2, Nov 30: 2');
    expect(svgs[3]).toContain('Accepted within SLA: Sales: 100%, Delivery: 33%, Customer Care: 100%');
    expect(body).toContain('<figcaption>SLA hit rate by receiving team</figcaption>');
    // The trend table: week 4 has C (missed) and D (in time) accepted, no first contact yet.
    expect(body).toMatch(
      /<th scope="row">Nov 30, 2026<\/th><td class="num">2<\/td><td class="num">50%<\/td><td class="num">0%<\/td><td class="num">No data<\/td>/,
    );
    expect(body).toMatch(/<th scope="row">Wrong team<\/th><td class="num">2<\/td>/);
  });

  it('has a GET filter form with labelled selects, the chosen values selected', async () => {
    const { body } = await render(overviewPage, lead(), 'team=delivery&weeks=12');
    expect(body).toContain('<form class="filters" method="get" action="/dashboard/">');
    for (const id of ['f-weeks', 'f-team', 'f-source', 'f-language', 'f-playbook'])
      expect(body).toMatch(new RegExp(`<label for="${id}">[^<]+</label>\\s*<select id="${id}"`));
    expect(body).toContain('<option value="delivery" selected>Delivery</option>');
    expect(body).toContain('<option value="12" selected>Last 12 weeks</option>');
    expect(body).toContain('<option value="hubspot">HubSpot</option>');
    expect(body).toContain('<option value="ko">Korean</option>');
    // Delivery received A B C E in the last 4 weeks and P1 P2 before: all within 12 weeks.
    expect(row(body, 'started')[1]).toBe('6');
  });

  it('speaks Korean to a Korean reader', async () => {
    const { title, body } = await render(overviewPage, lead('jiwoo', 'ko'));
    expect(title).toBe('개요');
    expect(body).toContain('주요 지표');
    expect(row(body, 'started')).toEqual(['시작된 인계', '6', '2', '증가']);
    expect(row(body, 'contactMedianMs')).toEqual([
      '첫 연락까지 걸린 시간(중앙값)',
      '영업시간 4시간',
      '영업시간 6시간',
      '감소, 개선',
    ]);
    expect(body).toContain('<option value="ko">한국어</option>');
    expect(body).toMatch(/aria-label="주별 시작된 인계: 11월 9일: 1/);
  });

  it('shows outside text as text: a decline reason or source that is markup', async () => {
    const other = await world(NOW);
    await commitFacts(other.store, [
      {
        handoffId: 'X',
        week: '2026-11-30',
        from: 'sales',
        to: 'delivery',
        source: '"><script>alert(1)</script>',
        declineReasons: ['<script>alert(2)</script>'],
      },
    ]);
    const page = await overviewPage({ ...context(lead()), services: other.services });
    if (page.kind !== 'page') throw new Error('expected a page');
    expect(page.body.value).not.toContain('<script>');
    expect(page.body.value).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page.body.value).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe('the teams page', () => {
  it('has a row per receiving team and playbook with durations in business time', async () => {
    const { title, body } = await render(teamsPage, lead());
    expect(title).toBe('Teams');
    expect(body).toContain('<caption id="teams-caption">Figures per receiving team and playbook</caption>');
    expect(body).toContain('<th scope="row">Delivery</th><td>Closed-won to delivery (Sales → Delivery)</td>');
    // Delivery's p90 to first contact: 20 business hours, more than two of its 8.5-hour days.
    expect(body).toMatch(
      /Closed-won to delivery \(Sales → Delivery\)<\/td>(<td class="num">[^<]*<\/td>){6}<td class="num">2.4 business days<\/td>/,
    );
    expect(body).toContain('<th scope="row" colspan="2">All teams and playbooks</th><td class="num">6</td>');
  });

  it('in Korean', async () => {
    const { body } = await render(teamsPage, lead('jiwoo', 'ko'));
    expect(body).toContain('<h1>팀별 현황</h1>');
    expect(body).toContain('영업시간 2시간');
  });
});

describe('the gaps page', () => {
  it('lists the late customers worst first, each linked to their page, a name that is markup shown as text', async () => {
    const { title, body } = await render(gapsPage, lead());
    expect(title).toBe('Gaps');
    expect(body).toContain('3 customers past their contact SLA now.');
    const names = [...body.matchAll(/<th scope="row"><a href="([^"]*)">([^<]*)<\/a><\/th>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(names).toEqual([
      ['/dashboard/customers/g2', 'Beta Ltd'],
      ['/dashboard/customers/g1', '&lt;img src=x onerror=alert(1)&gt;'],
      ['/dashboard/customers/g4', 'Delta Co'],
    ]);
    expect(body).not.toContain(HOSTILE);
    expect(body).toContain(
      '<td>Customer Care</td><td>No owner</td><td>Ji-woo Park</td><td class="num">4 days (never contacted)</td><td class="num">2 days</td>',
    );
    expect(body).toContain(
      '<td>Tom Becker</td><td>Priya Shah</td><td class="num">5 days</td><td class="num">3 hours</td>',
    );
  });

  it("shows a member only their team's customers, in Korean for a Korean reader", async () => {
    const { body } = await render(gapsPage, member('minho', 'care', 'ko'));
    expect(body).toContain('<h1>연락 공백</h1>');
    expect(body).toContain('현재 연락 SLA를 넘긴 고객 1명');
    expect(body).toContain('Beta Ltd');
    expect(body).not.toContain('Delta Co');
    expect(body).toContain('4일(연락 기록 없음)');
  });

  it('says so when nobody is late', async () => {
    const { body } = await render(gapsPage, member('leo', 'marketing'));
    expect(body).toContain('Every post-purchase customer is within their contact SLA.');
    expect(body).not.toContain('<table');
  });
});
