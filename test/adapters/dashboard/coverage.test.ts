import { beforeAll, describe, expect, it } from 'vitest';
import type { DashboardReader, PageResult } from '../../../adapters/dashboard/page.js';
import { teamsPage } from '../../../adapters/dashboard/pages/teams.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { manualClock, sequentialIds } from '../../../src/clock.js';
import type { Directory } from '../../../src/config/directory.js';
import { silentLogger } from '../../../src/log.js';
import { createServices, type Services } from '../../../src/services/index.js';
import { coverageDirectory } from '../../fixtures/languages/org.js';
import { aCustomer, seedCustomers } from '../../support/seed.js';
import { aHandoff } from '../store/builders.js';

const NOW = '2026-11-23T15:00:00.000Z';
const store = createMemoryStore();
let services: Services;

const servicesFor = (dir: Directory): Services =>
  createServices({
    store,
    dir,
    clock: manualClock(NOW),
    ids: sequentialIds('cov'),
    log: silentLogger,
    platforms: [],
  });

/**
 * Delivery has Korean customers and Jae-won, who serves Korean; Customer Care
 * has two Korean customers (one with it, one handed to it) and nobody who
 * serves Korean.
 */
beforeAll(async () => {
  services = servicesFor(coverageDirectory());
  await seedCustomers(
    store,
    aCustomer('kor1', 'Hanbit', 'delivery', { language: 'ko' }),
    aCustomer('kor2', 'Saebyeok', 'sales', { language: 'ko-KR' }),
    aCustomer('plain', 'Plainview', 'delivery'),
    aCustomer('kor3', 'Dasom', 'care', { language: 'ko' }),
    aCustomer('kor4', 'Nuri', 'delivery', { language: 'ko' }),
    aCustomer('jap1', 'Sakura', 'care', { language: 'ja' }),
  );
  const r = await store.commit({
    handoffs: [
      aHandoff('kor2', { from: 'sales', to: 'delivery', playbook: 'sales-to-delivery', state: 'open' }),
      aHandoff('kor4', { from: 'delivery', to: 'care', playbook: 'delivery-to-care', state: 'accepted' }),
    ].map((value) => ({ value, expectedVersion: null })),
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
});

const reader = (over: Partial<DashboardReader> = {}): DashboardReader => ({
  person: 'dana',
  locale: 'en',
  timeZone: 'UTC',
  readsEverything: true,
  teams: ['sales', 'delivery', 'care'],
  ...over,
});

async function render(r: DashboardReader, query = '', svc = services): Promise<string> {
  const page: PageResult = await teamsPage({
    reader: r,
    now: new Date(NOW),
    services: svc,
    query: new URLSearchParams(query),
    href: (path) => `/dashboard${path}`,
  });
  if (page.kind !== 'page') throw new Error(`expected a page, got ${page.status}`);
  return page.body.value;
}

/** What a reader sees: markup gone, entities read back. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .trim();

/** The rows of a team's coverage table as people read them: language | customers | served by, `!` marking a warning row. */
function rows(body: string, team: string): string[] {
  const table = new RegExp(
    `<h3 id="([^"]+)">${team}</h3><table class="coverage" aria-labelledby="\\1">(.*?)</table>`,
    's',
  ).exec(body)?.[2];
  if (!table) throw new Error(`no table for "${team}"`);
  return [...table.matchAll(/<tr( data-uncovered="true")?><th scope="row">(.*?)<\/tr>/g)].map(
    (m) =>
      `${m[1] ? '! ' : ''}${[...(m[2] ?? '').split(/<\/t[hd]><td[^>]*>/)].map((c) => text(c)).join(' | ')}`,
  );
}

describe('the teams page: language coverage', () => {
  it("lists each team's customer languages and who serves them, a language nobody serves as a warning in words", async () => {
    const body = await render(reader());
    expect(body).toContain('<h2 id="coverage-heading">Language coverage</h2>');
    expect(rows(body, 'Delivery')).toEqual([
      // Hanbit and Nuri are with Delivery, Saebyeok is handed to it (ko-KR is Korean).
      'Korean (ko) | 3 | Jae-won Kim',
      'English (en) | 1 1 with no language recorded, counted in the default language | Priya Shah',
    ]);
    expect(rows(body, 'Customer Care')).toEqual([
      "! Korean (ko) | 2 | Warning: nobody serves this language. Add ko to someone's languages in baton.config.yaml, or name a fallback team in the playbook's languages.",
      'Japanese (ja) | 1 | Mia Tanaka',
    ]);
    // Saebyeok is still with Sales while the handoff is open: Sales has a Korean customer too.
    expect(rows(body, 'Sales')).toEqual([
      "! Korean (ko) | 1 | Warning: nobody serves this language. Add ko to someone's languages in baton.config.yaml, or name a fallback team in the playbook's languages.",
    ]);
    expect(body).toContain('<p class="notice">2 customer languages have nobody to serve them.</p>');
    // What Sales's people serve that none of its customers needs is said as information only, under Sales.
    expect(text(body)).toContain(
      'Also served here, though no customer needs it yet: English (en) and Spanish (es). Delivery Language',
    );
  });

  it('control: with the team filtered to Delivery, whose Korean customers have a speaker, no warning shows', async () => {
    const body = await render(reader(), 'team=delivery');
    expect(rows(body, 'Delivery')[0]).toBe('Korean (ko) | 3 | Jae-won Kim');
    expect(body).not.toContain('<h3 id="coverage-care">');
    expect(body).not.toContain('<h3 id="coverage-sales">');
    expect(body).not.toContain('nobody serves');
    expect(body).not.toContain('data-uncovered');
    expect(body).not.toContain('class="notice"');
  });

  it('a member sees only their own team', async () => {
    const body = await render(reader({ person: 'jae', readsEverything: false, teams: ['delivery'] }));
    expect(rows(body, 'Delivery')).toHaveLength(2);
    expect(body).not.toContain('<h3 id="coverage-care">');
    expect(body).not.toContain('<h3 id="coverage-sales">');
    expect(body).not.toContain('Sakura');
  });

  it('in Korean', async () => {
    const body = await render(reader({ person: 'mia', locale: 'ko' }));
    expect(body).toContain('<h2 id="coverage-heading">언어 지원 현황</h2>');
    expect(rows(body, 'Customer Care')[0]).toBe(
      '! 한국어 (ko) | 2 | 경고: 이 언어로 응대할 사람이 없습니다. baton.config.yaml에서 누군가의 languages에 ko를 추가하거나, 플레이북의 languages에 대신 응대할 팀을 지정하세요.',
    );
    expect(rows(body, 'Delivery')[0]).toBe('한국어 (ko) | 3 | Jae-won Kim');
  });

  it("a playbook's fallback that serves the language is listed as such, not as a warning", async () => {
    const withFallback = servicesFor(
      coverageDirectory({ fallbacks: { 'delivery-to-care': { ko: 'delivery' } } }),
    );
    const body = await render(reader(), 'team=care', withFallback);
    expect(rows(body, 'Customer Care')[0]).toBe('Korean (ko) | 2 | Via Delivery, named in the playbook');
    expect(body).not.toContain('data-uncovered');
    const ko = await render(reader({ locale: 'ko' }), 'team=care', withFallback);
    expect(rows(ko, 'Customer Care')[0]).toBe('한국어 (ko) | 2 | 플레이북이 지정한 Delivery가 대신 응대');
  });
});
