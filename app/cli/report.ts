import { systemClock } from '../../src/clock.js';
import { createDirectory } from '../../src/config/directory.js';
import { loadConfig } from '../../src/config/load-config.js';
import { formatDays, formatDuration, t } from '../../src/i18n/translate.js';
import { silentLogger } from '../../src/log.js';
import { gaps } from '../../src/services/queries.js';
import { openStore } from '../open-store.js';
import { batonRegistry } from '../registry.js';
import { envAndLogger, options } from './common.js';

const USAGE = `Usage: baton report gaps [--json]

Lists post-purchase customers past their contact SLA, worst first, with their
owner, team and days since last contact. Reads the data file without locking
it, so it works while Baton runs. --json prints machine-readable output.`;

export async function runReportGaps(args: string[]): Promise<number> {
  const o = options(args, { json: { type: 'boolean' } }, USAGE);
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const { env } = envAndLogger('warn');
  const loaded = await loadConfig(env.BATON_CONFIG, batonRegistry.platforms);
  const dir = createDirectory(loaded.config, [], batonRegistry);
  const store = await openStore(env, systemClock, silentLogger, { readOnly: true });
  try {
    const list = await gaps({ store, dir, clock: systemClock, ids: () => '', log: silentLogger });
    if (o.values.json) {
      const rows = list.map((g) => ({
        customerId: g.customer.id,
        customer: g.customer.name,
        team: g.customer.team,
        owner: g.customer.owner ?? null,
        contactDueAt: g.customer.contactDueAt ?? null,
        lastContactAt: g.customer.lastContactAt ?? null,
        overdueHours: Math.round(g.overdueMs / 36e5),
        daysSinceContact: g.daysSinceContact ?? null,
      }));
      process.stdout.write(
        `${JSON.stringify({ generatedAt: systemClock.now().toISOString(), gaps: rows }, null, 2)}\n`,
      );
      return 0;
    }
    const locale = loaded.config.defaults.locale;
    if (list.length === 0) {
      process.stdout.write(`${t(locale, 'gaps.none')}\n`);
      return 0;
    }
    process.stdout.write(
      `${t(locale, list.length === 1 ? 'gaps.titleOne' : 'gaps.title', { count: list.length })}\n\n`,
    );
    for (const g of list) {
      const owner = g.customer.owner ? dir.personName(g.customer.owner) : t(locale, 'gaps.noOwner');
      const since =
        g.daysSinceContact === undefined
          ? t(locale, 'card.neverContacted')
          : formatDays(g.daysSinceContact, locale);
      process.stdout.write(
        `- ${g.customer.name} (${dir.teamName(g.customer.team)}): ${t(locale, 'gaps.overdueBy', { duration: formatDuration(g.overdueMs, locale) })}; ${owner}; ${since}\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
