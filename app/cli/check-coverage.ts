import type { Directory } from '../../src/config/directory.js';
import { errorMessage } from '../../src/errors.js';
import { languageName } from '../../src/i18n/translate.js';
import type { CheckLine } from '../../src/server/check-line.js';
import type { Store } from '../../src/store/store.js';
import { type CoverageLine, languageCoverage } from '../../src/views/language-coverage.js';

const customers = (n: number) => `${n} ${n === 1 ? 'customer' : 'customers'}`;

const area = 'language coverage';

function line(teamName: string, l: CoverageLine): CheckLine {
  const unrecorded = l.byDefault > 0 ? ` (${l.byDefault} with no language recorded: the default)` : '';
  const what = `${teamName}: ${languageName(l.language, 'en')} (${l.language}) ${customers(l.customers)}${unrecorded}`;
  if (l.speakers.length > 0)
    return { level: 'ok', area, message: `${area}: ${what} — ${l.speakers.map((s) => s.name).join(', ')}` };
  if (l.fallback)
    return {
      level: 'ok',
      area,
      message: `${area}: ${what} — via ${l.fallback.name} (a playbook's languages:)`,
    };
  const fix = `add \`${l.language}\` to someone's \`languages\` in baton.config.yaml or name a fallback team in the playbook's \`languages:\``;
  return { level: 'warn', area, message: `${area}: ${what} — nobody serves it: ${fix}`, fix };
}

/**
 * `baton check`'s language coverage: per team in journey order, each customer
 * language with its customers and who serves it. A language nobody serves is
 * a warning, never a failure: Baton still hands those customers over.
 */
export async function coverageLines(dir: Directory, store: Store): Promise<CheckLine[]> {
  const teams = [...new Set([...dir.journey, ...Object.keys(dir.config.teams)])];
  try {
    const m = await languageCoverage(dir, store, teams);
    if (!m.configured)
      return [
        {
          level: 'skip',
          area,
          message:
            "language coverage: nobody in baton.config.yaml lists the languages they serve (a person's `languages:`)",
        },
      ];
    return m.teams.flatMap((t): CheckLine[] =>
      t.lines.length === 0
        ? [{ level: 'ok', area, message: `${area}: ${t.teamName}: no customers` }]
        : t.lines.map((l) => line(t.teamName, l)),
    );
  } catch (err) {
    return [
      {
        level: 'warn',
        area,
        message: `language coverage not checked: the store could not be read: ${errorMessage(err)}`,
      },
    ];
  }
}
