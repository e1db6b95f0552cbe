import { describe, expect, it } from 'vitest';
import type { TeamLanguageCount } from '../../src/store/store.js';
import { coverageOf, type LanguageCoverage } from '../../src/views/language-coverage.js';
import { COVERAGE_CONFIG, coverageDirectory } from '../fixtures/languages/org.js';

const TEAMS = ['care', 'sales', 'delivery'];

/** Customers per team and recorded language, as the store counts them. */
const COUNTS: TeamLanguageCount[] = [
  { team: 'delivery', language: 'ko', customers: 2 },
  { team: 'delivery', language: 'ko-KR', customers: 1 },
  { team: 'delivery', customers: 4 },
  { team: 'care', language: 'KO', customers: 2 },
  { team: 'care', language: 'ja-JP', customers: 1 },
  { team: 'care', language: 'en', customers: 3 },
  { team: 'care', customers: 2 },
];

/** "team: language customers (default) → who" per line, so a failure reads like the page. */
function lines(m: LanguageCoverage): string[] {
  return m.teams.flatMap((t) =>
    t.lines.map(
      (l) =>
        `${t.team}: ${l.language} ${l.customers}${l.byDefault ? ` (${l.byDefault} default)` : ''} → ${
          l.speakers.map((s) => s.name).join(', ') ||
          (l.fallback ? `via ${l.fallback.name}` : '') ||
          (l.uncovered ? 'NOBODY' : '?')
        }`,
    ),
  );
}

describe('language coverage', () => {
  it('lists each team in journey order with its customer languages, by primary subtag, and who serves them', () => {
    const m = coverageOf(coverageDirectory(), TEAMS, COUNTS);
    expect(m.teams.map((t) => t.teamName)).toEqual(['Sales', 'Delivery', 'Customer Care']);
    expect(lines(m)).toEqual([
      'delivery: en 4 (4 default) → Priya Shah',
      // `ko` and `ko-KR` customers are one language, served by someone who lists `ko-KR`.
      'delivery: ko 3 → Jae-won Kim',
      'care: en 5 (2 default) → Mia Tanaka, Leo Grant',
      'care: ko 2 → NOBODY',
      'care: ja 1 → Mia Tanaka',
    ]);
    expect(m.uncovered).toBe(1);
    expect(m.configured).toBe(true);
  });

  it('says which languages a team serves that none of its customers has, as information only', () => {
    const m = coverageOf(coverageDirectory(), TEAMS, COUNTS);
    const byTeam = Object.fromEntries(m.teams.map((t) => [t.team, t.spokenOnly]));
    expect(byTeam).toEqual({ sales: ['en', 'es'], delivery: [], care: [] });
    expect(m.teams.find((t) => t.team === 'sales')?.lines).toEqual([]);
  });

  it("a playbook's fallback for the language covers it: listed as via the fallback, not a warning", () => {
    const dir = coverageDirectory({ fallbacks: { 'delivery-to-care': { 'ko-KR': 'delivery' } } });
    const m = coverageOf(dir, TEAMS, COUNTS);
    expect(lines(m)).toContain('care: ko 2 → via Delivery');
    expect(m.uncovered).toBe(0);
    const person = coverageOf(
      coverageDirectory({ fallbacks: { 'delivery-to-care': { ko: 'jae' } } }),
      TEAMS,
      COUNTS,
    );
    expect(lines(person)).toContain('care: ko 2 → via Jae-won Kim');
    // A fallback team with nobody who serves the language would only move the gap.
    const mute = coverageOf(
      coverageDirectory({ fallbacks: { 'delivery-to-care': { ko: 'sales' } } }),
      TEAMS,
      COUNTS,
    );
    expect(lines(mute)).toContain('care: ko 2 → NOBODY');
    // A fallback named by a playbook to another team does not cover this one.
    const elsewhere = coverageOf(
      coverageDirectory({ fallbacks: { 'sales-to-delivery': { ko: 'jae' } } }),
      TEAMS,
      COUNTS,
    );
    expect(lines(elsewhere)).toContain('care: ko 2 → NOBODY');
  });

  it('customers with no language recorded count in the default language, and warn when nobody in the team serves it', () => {
    const counts: TeamLanguageCount[] = [{ team: 'delivery', customers: 5 }];
    expect(lines(coverageOf(coverageDirectory(), ['delivery'], counts))).toEqual([
      'delivery: en 5 (5 default) → Priya Shah',
    ]);
    const noEnglish = coverageDirectory({ languagesOf: { priya: ['ko'] } });
    const m = coverageOf(noEnglish, ['delivery'], counts);
    expect(lines(m)).toEqual(['delivery: en 5 (5 default) → NOBODY']);
    expect(m.uncovered).toBe(1);
  });

  it('reports coverage as unknown, not missing, when nobody lists the languages they serve', () => {
    const none = Object.fromEntries(Object.keys(COVERAGE_CONFIG.people).map((k) => [k, []]));
    const m = coverageOf(coverageDirectory({ languagesOf: none }), TEAMS, COUNTS);
    expect(m.configured).toBe(false);
    expect(coverageOf(coverageDirectory(), TEAMS, COUNTS).configured).toBe(true);
  });
});
