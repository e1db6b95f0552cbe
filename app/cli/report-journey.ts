import { z } from 'zod';
import { JOURNEY_DIMENSIONS, type JourneyDimension, summarize } from '../../src/analytics/figures.js';
import { systemClock } from '../../src/clock.js';
import { createDirectory } from '../../src/config/directory.js';
import { loadConfig } from '../../src/config/load-config.js';
import { BatonError } from '../../src/errors.js';
import { formatDate } from '../../src/i18n/format.js';
import { t } from '../../src/i18n/translate.js';
import { silentLogger } from '../../src/log.js';
import { weekOf } from '../../src/time/weeks.js';
import { openStore } from '../open-store.js';
import { batonRegistry } from '../registry.js';
import { envAndLogger, options } from './common.js';
import { journeyTable } from './journey-table.js';

export const JOURNEY_USAGE = `Usage: baton report journey [--since 30d] [--by week,team,playbook,source,language,from] [--json]

The handoff journey figures: handoffs started, accepted and contacted within
SLA, median and 90th-percentile times to accept and to first contact (business
hours of the receiving team), purchase to first contact, declines, reassigns,
escalations, and who is waiting now.

  --since  how far back: 30d (days), 8w (weeks) or a date (2026-11-01); default 30d
  --by     group by any of week, team (receiving), from (sending), playbook,
           source, language, comma-separated; default one row for all
  --json   machine-readable output

Reads the data file without locking it, so it works while Baton runs.`;

const DAY_MS = 86_400_000;

const sinceSchema = z
  .string()
  .trim()
  .regex(/^(\d{1,4}[dw]|\d{4}-\d{2}-\d{2})$/, 'a number of days or weeks (30d, 8w) or a date (2026-11-01)');

const bySchema = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d.length > 0),
  )
  .pipe(z.array(z.enum(JOURNEY_DIMENSIONS)));

/** The instant `--since` names, as of `now`: days and weeks back, or the start of a UTC date. */
export function sinceOf(text: string, now: Date): Date {
  const parsed = sinceSchema.safeParse(text);
  if (!parsed.success)
    throw new BatonError('INVALID_ARGUMENT', `--since "${text}": give ${parsed.error.issues[0]?.message}.`);
  const m = /^(\d+)([dw])$/.exec(parsed.data);
  if (m) return new Date(now.getTime() - Number(m[1]) * (m[2] === 'w' ? 7 : 1) * DAY_MS);
  const at = new Date(`${parsed.data}T00:00:00Z`);
  if (Number.isNaN(at.getTime()))
    throw new BatonError('INVALID_ARGUMENT', `--since "${text}" is not a date.`);
  return at;
}

export function groupsOf(text: string | undefined): JourneyDimension[] {
  if (text === undefined) return [];
  const parsed = bySchema.safeParse(text);
  if (!parsed.success)
    throw new BatonError(
      'INVALID_ARGUMENT',
      `--by "${text}": group by any of ${JOURNEY_DIMENSIONS.join(', ')}, comma-separated.`,
    );
  return [...new Set(parsed.data)];
}

/** Monday (UTC) of the week two days before `at`: no team's week can start later for a handoff at `at`. */
function weekFloor(at: Date): string {
  return weekOf(new Date(at.getTime() - 2 * DAY_MS), 'UTC');
}

export async function runReportJourney(args: string[]): Promise<number> {
  const o = options(
    args,
    { since: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } },
    JOURNEY_USAGE,
  );
  if (!o) return process.exitCode === 2 ? 2 : 0;
  const now = systemClock.now();
  let since: Date;
  let by: JourneyDimension[];
  try {
    since = sinceOf(typeof o.values.since === 'string' ? o.values.since : '30d', now);
    by = groupsOf(typeof o.values.by === 'string' ? o.values.by : undefined);
  } catch (err) {
    process.stderr.write(`baton report journey: ${(err as Error).message}\n\n${JOURNEY_USAGE}\n`);
    return 2;
  }
  const { env } = envAndLogger('warn');
  const loaded = await loadConfig(env.BATON_CONFIG, batonRegistry.platforms);
  const dir = createDirectory(loaded.config, [], batonRegistry);
  const store = await openStore(env, systemClock, silentLogger, { readOnly: true });
  try {
    const sinceIso = since.toISOString();
    // The week index narrows the read; the start instant decides.
    const facts = (await store.journeyFacts({ fromWeek: weekFloor(since) })).filter(
      (f) => f.startedAt >= sinceIso,
    );
    const rows = summarize(facts, { now, by });
    if (o.values.json) {
      process.stdout.write(
        `${JSON.stringify({ generatedAt: now.toISOString(), since: sinceIso, by, rows }, null, 2)}\n`,
      );
      return 0;
    }
    const locale = loaded.config.defaults.locale;
    const sinceText = formatDate(since, locale, loaded.config.defaults.timezone);
    if (facts.length === 0) {
      process.stdout.write(`${t(locale, 'journey.report.none', { since: sinceText })}\n`);
      return 0;
    }
    const out = [
      t(locale, 'journey.report.title', { since: sinceText, count: facts.length }),
      '',
      journeyTable(rows, by, dir, locale),
      '',
      t(locale, 'journey.report.hoursNote'),
    ];
    const reasons = summarize(facts, { now })[0]?.figures.declineReasons ?? [];
    if (reasons.length > 0) {
      out.push('', `${t(locale, 'journey.declineReasons')}:`);
      for (const r of reasons) out.push(`- ${r.reason || t(locale, 'journey.noReason')}: ${r.count}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
