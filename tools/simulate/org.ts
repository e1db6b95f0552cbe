import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { WorkCalendar } from '../../src/time/calendar.js';

/**
 * The simulated company: sales in New York sells, delivery in London
 * onboards, care in Seoul keeps customers in touch. Leads escalate; they do
 * not take the queue. Public holidays are each country's in early 2027.
 * Sales and care work in Slack, delivery in Microsoft Teams: every purchase
 * crosses from one platform to the other and back.
 */
export const TEAMS = {
  sales: {
    name: 'Sales',
    lead: 'sofia',
    timezone: 'America/New_York',
    hours: { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    holidays: ['2027-01-18', '2027-02-15'],
    members: ['ryan', 'keisha', 'omar', 'lena'],
    platform: 'slack',
  },
  delivery: {
    name: 'Delivery',
    lead: 'priya',
    timezone: 'Europe/London',
    hours: { start: '09:00', end: '17:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    holidays: ['2027-03-26', '2027-03-29'],
    members: ['tom', 'amara', 'liam', 'chloe', 'noah', 'fatima'],
    platform: 'teams',
  },
  care: {
    name: 'Customer Care',
    lead: 'jiwoo',
    timezone: 'Asia/Seoul',
    locale: 'ko',
    hours: { start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    holidays: ['2027-02-05', '2027-02-08', '2027-03-01'],
    members: ['minho', 'seoyeon', 'jisoo', 'haneul', 'daniel'],
    platform: 'slack',
  },
} as const;

export type TeamKey = keyof typeof TEAMS;
export const TEAM_KEYS = Object.keys(TEAMS) as TeamKey[];

export function teamOf(person: string): TeamKey {
  for (const k of TEAM_KEYS) {
    const t = TEAMS[k];
    if (t.lead === person || (t.members as readonly string[]).includes(person)) return k;
  }
  throw new Error(`unknown person ${person}`);
}

export const leadOf = (team: TeamKey): string => TEAMS[team].lead;
export const membersOf = (team: TeamKey): readonly string[] => TEAMS[team].members;
export const ADMIN = 'sofia';

export function calendarOf(team: TeamKey): WorkCalendar {
  const t = TEAMS[team];
  return { timeZone: t.timezone, hours: { ...t.hours, days: [...t.hours.days] }, holidays: [...t.holidays] };
}

const title = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
export const displayName = (person: string): string => `${title(person)} ${title(teamOf(person))}`;
export const slackChannel = (team: string) => `C0${team.toUpperCase()}`;
export const teamsChannel = (team: string) => `19:${team}@thread.tacv2`;
export const slackUser = (person: string) => `U0${person.toUpperCase()}`;
export const teamsUser = (person: string) => `29:${person}`;

/**
 * baton.config.yaml as the admin keeps it: `away` marks who is on an
 * announced holiday (until a date) or has left (until far away), so
 * assignment skips them.
 */
export function configYaml(away: ReadonlyMap<string, string>): string {
  const teams: Record<string, unknown> = {};
  const people: Record<string, unknown> = {};
  for (const key of TEAM_KEYS) {
    const { members, platform, ...team } = TEAMS[key];
    teams[key] = {
      ...team,
      ...(platform === 'slack'
        ? { slack: { channel: slackChannel(key) } }
        : { teams: { channel: teamsChannel(key) } }),
    };
    for (const p of [team.lead, ...members]) {
      const until = away.get(p);
      people[p] = {
        name: displayName(p),
        team: key,
        ...(platform === 'slack' ? { slack: slackUser(p) } : { teams: teamsUser(p) }),
        timezone: team.timezone,
        locale: key === 'care' ? 'ko' : 'en',
        languages: key === 'care' ? ['ko', 'en'] : ['en'],
        ...(until ? { away: { until } } : {}),
      };
    }
  }
  return stringify({
    journey: TEAM_KEYS,
    defaults: { locale: 'en', timezone: 'America/New_York' },
    teams,
    people,
    admins: [ADMIN],
    snooze: { max: 'P1D', times: 3 },
  });
}

/** The purchase, the go-live and care's cadence, as the spec's defaults describe them. */
export const PLAYBOOKS: Record<string, unknown> = {
  'sales-to-delivery': {
    from: 'sales',
    to: 'delivery',
    postPurchase: true,
    trigger: { events: ['purchase.completed'] },
    context: { required: ['summary', 'goLiveDate', 'keyContact'], optional: ['dealValue', 'language'] },
    assign: 'round-robin',
    sla: { accept: 'PT4H', firstContact: 'P2D', cadence: 'P14D' },
    nudges: ['50%', '100%'],
    escalate: '150%',
  },
  'delivery-to-care': {
    from: 'delivery',
    to: 'care',
    postPurchase: true,
    trigger: { events: ['onboarding.completed'] },
    context: { required: ['summary', 'keyContact'], optional: ['language'] },
    assign: 'least-loaded',
    sla: { accept: 'PT8H', firstContact: 'P3D' },
    nudges: ['50%', '100%'],
    escalate: '150%',
  },
  'care-cadence': {
    from: 'care',
    to: 'care',
    postPurchase: true,
    sla: { cadence: 'P30D' },
    nudges: ['80%', '100%'],
    escalate: '120%',
  },
};

/** Writes the config and the playbooks; returns the paths for BATON_CONFIG and BATON_HANDOFFS. */
export async function writeSetup(
  dir: string,
  away: ReadonlyMap<string, string>,
  generation: number,
): Promise<{ config: string; handoffs: string }> {
  const handoffs = path.join(dir, 'handoffs');
  await mkdir(handoffs, { recursive: true });
  for (const [id, pb] of Object.entries(PLAYBOOKS))
    await writeFile(path.join(handoffs, `${id}.yaml`), stringify(pb));
  const config = path.join(dir, `baton.config.${generation}.yaml`);
  await writeFile(config, configYaml(away));
  return { config, handoffs };
}
