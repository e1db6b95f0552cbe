import { z } from 'zod';
import type { ChatPlatform } from '../registry/descriptors.js';
import { ownValue } from './own.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use 24-hour "HH:MM", e.g. "09:00"');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use "YYYY-MM-DD", e.g. "2026-12-25"')
  // The shape alone lets 2026-13-45 through, a holiday that never comes.
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  }, 'not a date in the calendar; use "YYYY-MM-DD", e.g. "2026-12-25"');
const key = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" or "_"');

export const timeZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone; use e.g. "America/New_York" or "Asia/Seoul"' },
);

const teamSchema = z.object({
  name: z.string().min(1),
  /** Journey stage this team owns; defaults to the team's key. */
  stage: key.optional(),
  lead: key.optional(),
  timezone: timeZoneSchema.default('UTC'),
  locale: z.string().min(2).optional(),
  hours: z
    .object({
      start: hhmm,
      end: hhmm,
      days: z.array(z.enum(DAYS)).min(1, 'name at least one work day'),
    })
    .refine((h) => h.end > h.start, { message: 'end must be after start', path: ['end'] })
    .optional(),
  holidays: z.array(isoDate).default([]),
});

const personSchema = z.object({
  name: z.string().min(1),
  team: key,
  email: z.string().email().optional(),
  timezone: timeZoneSchema.optional(),
  locale: z.string().min(2).optional(),
  languages: z.array(z.string().min(2)).default([]),
  /**
   * Away until this date (inclusive, in the team's zone): not chosen as an
   * assignee; reminders and new handoffs meant for them go to `backup`, else
   * their team's lead (see standInFor).
   */
  away: z.object({ until: isoDate, backup: key.optional() }).strict().optional(),
});

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type ReportDay = (typeof WEEKDAYS)[number];

/**
 * `reports.weekly`: when each recipient gets the weekly report, in their own
 * time zone, and who gets it: every team lead and admin, and the people
 * named in `recipients` besides (a CXO who leads no team, say).
 */
const weeklyReportSchema = z
  .object({
    /** false: no weekly report at all. */
    enabled: z.boolean({ message: 'true or false' }).default(true),
    day: z.enum(WEEKDAYS, { message: `use one of ${WEEKDAYS.join(', ')}` }).default('monday'),
    time: hhmm.default('09:00'),
    recipients: z.array(key).optional(),
  })
  .strict();
export type WeeklyReportConfig = z.infer<typeof weeklyReportSchema>;

/** The keys of a team's and a person's own fields: no platform may take one as its name. */
export const CORE_ENTRY_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(teamSchema.shape),
  ...Object.keys(personSchema.shape),
]);

/** Where a team works and who a person is on each registered platform, by platform name. */
export type PlatformIds = { readonly [platform: string]: unknown };
export type TeamConfig = z.infer<typeof teamSchema> & PlatformIds;
export type PersonConfig = z.infer<typeof personSchema> & PlatformIds;

/**
 * The config's schema with each registered platform's ids under
 * `teams.<key>.<platform>` and `people.<key>.<platform>`; still strict, so a
 * misspelt key is refused rather than ignored.
 */
export function configSchemaFor(platforms: readonly ChatPlatform[]) {
  const teamIds = Object.fromEntries(platforms.map((p) => [p.name, p.teamIds.optional()]));
  const personIds = Object.fromEntries(platforms.map((p) => [p.name, p.personId.optional()]));
  return configShape(
    teamSchema.extend(teamIds).strict() as unknown as z.ZodType<TeamConfig, unknown>,
    personSchema.extend(personIds).strict() as unknown as z.ZodType<PersonConfig, unknown>,
  );
}

const configShape = (team: z.ZodType<TeamConfig, unknown>, person: z.ZodType<PersonConfig, unknown>) =>
  z
    .object({
      /** Journey order; defaults to the order teams are written in. */
      journey: z.array(key).optional(),
      defaults: z
        .object({
          locale: z.string().min(2).default('en'),
          timezone: timeZoneSchema.default('UTC'),
        })
        .default({ locale: 'en', timezone: 'UTC' }),
      teams: z.record(key, team).refine((t) => Object.keys(t).length > 0, 'define at least one team'),
      people: z.record(key, person).default({}),
      admins: z.array(key).default([]),
      /**
       * Roles a playbook's escalation ladder may name (`to: head-of-cx`), each
       * held by one person: who holds it changes here, not in every playbook.
       */
      roles: z.record(key, key).default({}),
      snooze: z
        .object({
          /** The longest one snooze may move reminders. */
          max: z.string().default('P1D'),
          /** How often one handoff may be snoozed. */
          times: z.number().int().min(0).max(20).default(3),
        })
        .default({ max: 'P1D', times: 3 }),
      reports: z
        .object({ weekly: weeklyReportSchema.default({ enabled: true, day: 'monday', time: '09:00' }) })
        .strict()
        .default({ weekly: { enabled: true, day: 'monday', time: '09:00' } }),
    })
    .strict()
    .superRefine((cfg, ctx) => {
      /** A key that must name a person or a team of the config; a problem with its fix when it names none. */
      const mustName = (
        name: string,
        path: Array<string | number>,
        entries: Record<string, unknown>,
        where: 'under people' | 'under teams',
      ) => {
        if (ownValue(entries, name)) return;
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${name}" is not a key ${where}`,
          params: { fix: keyFix(name, entries, where) },
        });
      };
      for (const [k, team] of Object.entries(cfg.teams))
        if (team.lead) mustName(team.lead, ['teams', k, 'lead'], cfg.people, 'under people');
      for (const [k, person] of Object.entries(cfg.people))
        mustName(person.team, ['people', k, 'team'], cfg.teams, 'under teams');
      for (const [k, person] of Object.entries(cfg.people)) {
        const backup = person.away?.backup;
        if (backup !== undefined && (!ownValue(cfg.people, backup) || backup === k)) {
          ctx.addIssue({
            code: 'custom',
            path: ['people', k, 'away', 'backup'],
            message:
              backup === k
                ? 'a person cannot stand in for themself'
                : `"${backup}" is not a key under people`,
            params: {
              fix: backup === k ? 'name a colleague as backup' : keyFix(backup, cfg.people, 'under people'),
            },
          });
        }
      }
      for (const [role, person] of Object.entries(cfg.roles))
        mustName(person, ['roles', role], cfg.people, 'under people');
      for (const [i, a] of cfg.admins.entries()) mustName(a, ['admins', i], cfg.people, 'under people');
      for (const [i, p] of (cfg.reports.weekly.recipients ?? []).entries())
        mustName(p, ['reports', 'weekly', 'recipients', i], cfg.people, 'under people');
      for (const [i, t] of (cfg.journey ?? []).entries())
        mustName(t, ['journey', i], cfg.teams, 'under teams');
    });

/** What to write instead of a key that names nobody: the keys there are, or where to add it. */
function keyFix(
  name: string,
  entries: Record<string, unknown>,
  where: 'under people' | 'under teams',
): string {
  const keys = Object.keys(entries);
  const some = keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', ...' : '');
  return keys.length > 0
    ? `use one of the keys ${where} (${some}), or add "${name}" ${where}`
    : `add "${name}" ${where}`;
}

export type BatonConfig = z.infer<ReturnType<typeof configShape>>;
export type Weekday = (typeof DAYS)[number];
