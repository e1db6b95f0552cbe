import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { manualClock } from '../../src/clock.js';
import { forgetCustomer } from '../../src/services/forget.js';
import type { Store } from '../../src/store/store.js';
import { nextWorkingInstant } from '../../src/time/business-time.js';
import { isWorkingTime } from '../../src/time/calendar.js';
import type { Sent } from '../../test/support/recording-notifier.js';
import { createBatonProcess } from './baton-process.js';
import { FakePlatforms, type Outage } from './fake-platforms.js';
import { createOracle, type SimEvent } from './oracle/oracle.js';
import { ADMIN, calendarOf, leadOf, membersOf, TEAM_KEYS, teamOf, writeSetup } from './org.js';
import { createPeople } from './people.js';
import { aPurchasingCustomer, purchaseContext, purchaseRate } from './purchases.js';
import { arrivals, seeded } from './random.js';
import { collectReport, type SimReport } from './report.js';
import { traceCustomers } from './trace.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SimOptions {
  seed: number;
  /** Where to copy the run's directory (data file, config, playbooks) when it ends. */
  keep?: string;
  purchases: number;
  weeks: number;
  stepMinutes: number;
  /** A Monday, 00:00 UTC. */
  start: string;
  erasures: number;
  /** People who leave, and when (as a fraction of the run). */
  leavers: Array<{ person: string; at: number }>;
  /** Chance each team member takes a holiday during the run (half announced, half just gone). */
  holidayChance: number;
  holidayDays: number;
  /** Chance a purchase handoff is declined; the sender sends it again, or only when reminded. */
  declines: number;
  /** Hours of platform outage (5xx and 429 from both fake platforms), once in the run. */
  outageHours: number;
  /** Restarts of Baton on the same data file, besides those after config changes. */
  restarts: number;
  /** Chance a shop webhook is delivered twice (and sometimes a third time, later). */
  duplicateWebhooks: number;
  /** The control: direct messages naming these customers never reach the platform (answered as sent). */
  swallowRemindersFor?: readonly string[];
  progress?: (line: string) => void;
  /** Customers whose whole story to print after the table, to see why a check failed. */
  trace?: string[];
  /** A file to write every message the platforms received to (JSON), to look into the oracle's reading. */
  dump?: string;
}

/** A quarter with every fault on: what `npm run simulate` runs for each seed. */
export const QUARTER: SimOptions = {
  seed: 1,
  purchases: 1000,
  weeks: 13,
  stepMinutes: 10,
  start: '2027-01-04T00:00:00Z',
  erasures: 3,
  leavers: [
    { person: 'noah', at: 0.45 },
    { person: 'daniel', at: 0.7 },
  ],
  holidayChance: 0.5,
  holidayDays: 7,
  declines: 0.15,
  outageHours: 1,
  restarts: 6,
  duplicateWebhooks: 0.5,
};

/** A fast directory for the data file: the simulation fsyncs every commit like production does. */
const scratch = () => (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());

/**
 * A stretch of purchases through the real services, scheduler, outbox and
 * the real Slack and Teams notifiers, on a manual clock, against fake
 * platforms on loopback; the store is the embedded file store, and a restart
 * re-opens it from disk. The oracle judges from the fakes' messages only.
 */
export async function simulate(opts: SimOptions): Promise<SimReport> {
  const began = performance.now();
  const tmp = await mkdtemp(path.join(scratch(), 'baton-sim-'));
  const rnd = seeded(opts.seed);
  const start = Date.parse(opts.start);
  const end = start + opts.weeks * 7 * DAY;
  const step = opts.stepMinutes * MIN;
  const clock = manualClock(new Date(start));
  const outages = planOutage(rnd, start, end, opts.outageHours);
  const fakes = await new FakePlatforms(() => clock.now().getTime(), outages).start();
  const swallowed = new Set(opts.swallowRemindersFor ?? []);
  const swallowedNames = () =>
    [...swallowed].map((id) => names.get(id)).filter((n): n is string => Boolean(n));
  const counts = new Map<string, number>();
  const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  const away = new Map<string, string>();
  const holidays = new Map<string, { start: number; end: number }>();
  const leftAt = new Map<string, number>();
  const purchased: string[] = [];
  const names = new Map<string, string>();
  /** What people were shown, as the notifiers handed it to the platforms (people's eyes, not the oracle's). */
  const shown: Sent[] = [];
  const setup0 = await writeSetup(tmp, away, 0);
  const oracle = createOracle({
    configFile: setup0.config,
    handoffsDir: setup0.handoffs,
    from: start,
    to: end,
    tickMs: step,
    outages,
    catchUpMs: 20 * MIN,
  });
  const books = (e: SimEvent) => oracle.record(e);
  const dataFile = path.join(tmp, 'data', 'baton.json');
  const baton = createBatonProcess({
    tmp,
    away,
    dataFile,
    clock,
    slackUrl: fakes.slackUrl,
    teamsUrl: fakes.teamsUrl,
    shown,
    restarted: (why) => count(`restarts (${why})`),
  });
  const { restart, current, webhook } = baton;
  const store = (): Store => current().store;
  const simClock = { now: () => clock.now(), set: (t: number) => clock.set(new Date(t)) };
  const people = createPeople({
    rnd,
    clock: simClock,
    baton: current,
    books,
    holidays,
    leftAt,
    declines: opts.declines,
    count,
  });
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);

  /** The lead moves work off someone who will not be there to do it. */
  async function handOver(person: string, everything: boolean): Promise<void> {
    const team = teamOf(person);
    const s = current().services;
    const mine = [
      ...(await store().listHandoffs({ owner: person })),
      ...(await store().listHandoffs({ assignee: person, states: ['open'] })),
    ];
    for (const h of new Map(mine.map((x) => [x.id, x])).values()) {
      if (h.to !== team || (!everything && h.state === 'contacted')) continue;
      const to = await people.pickMember(team, person);
      if (!to) continue;
      const r = await s.reassign({ handoffId: h.id, actor: leadOf(team), to });
      if (r.ok) {
        books({ type: 'reassigned', customer: h.customerId, person: to, at: clock.now().getTime() });
        count(everything ? 'reassigned (leaver)' : 'reassigned (holiday)');
      }
    }
  }

  function planPeople(): void {
    const leaving = new Set(opts.leavers.map((l) => l.person));
    for (const { person, at } of opts.leavers) {
      const when = nextWorkingInstant(
        calendarOf(teamOf(person)),
        new Date(start + at * (end - start)),
      ).getTime();
      people.at('system', when, async () => {
        leftAt.set(person, when);
        await handOver(person, true);
        away.set(person, '2099-12-31');
        await restart('config changed');
      });
    }
    for (const team of TEAM_KEYS) {
      for (const person of membersOf(team)) {
        if (leaving.has(person) || !rnd.chance(opts.holidayChance)) continue;
        const days = Math.floor((end - start) / DAY);
        const from = start + rnd.int(1, Math.max(1, days - opts.holidayDays - 1)) * DAY;
        const to = from + opts.holidayDays * DAY;
        holidays.set(person, { start: from, end: to });
        count('holidays');
        // Half are announced: the admin marks them away and the lead moves their waiting work.
        if (rnd.chance(0.5)) {
          people.at('system', from - 12 * HOUR, async () => {
            count('holidays announced');
            await handOver(person, false);
            away.set(person, day(to - DAY));
            await restart('config changed');
          });
        }
      }
    }
  }

  async function purchase(i: number): Promise<void> {
    const now = clock.now();
    const customer = aPurchasingCustomer(rnd, i, now.toISOString());
    // The CRM knew them before they bought.
    await store().commit({ customers: [{ value: customer, expectedVersion: null }] });
    purchased.push(customer.id);
    names.set(customer.id, customer.name);
    books({ type: 'purchased', customer: customer.id, name: customer.name, at: now.getTime() });
    const rep = customer.owner ?? '';
    // The rep hands over when at work; otherwise the shop's webhook does.
    const byRep = people.present(rep, now.getTime()) && isWorkingTime(calendarOf('sales'), now);
    if (byRep) {
      const r = await current().services.startHandoff({
        actor: rep,
        customer: { id: customer.id },
        to: { team: 'delivery' },
        context: purchaseContext(customer),
        source: { kind: 'person' },
      });
      if (!r.ok) throw new Error(`purchase ${customer.id} failed: ${JSON.stringify(r.failure)}`);
      count('purchases handed over by the rep');
    } else {
      const body = JSON.stringify({
        id: `evt_${i}`,
        type: 'purchase.completed',
        occurredAt: now.toISOString(),
        customer: { id: customer.externalIds.crm },
        stage: 'closedwon',
        owner: rep,
        context: purchaseContext(customer),
      });
      const status = await webhook(body);
      if (status !== 202) throw new Error(`the shop's webhook for ${customer.id} was answered ${status}`);
      count('purchases from the shop webhook');
      if (rnd.chance(opts.duplicateWebhooks)) {
        const again = await webhook(body);
        count(again === 200 ? 'duplicate webhooks answered 200' : `duplicate webhooks answered ${again}`);
        // Some shops retry much later, after Baton may have restarted.
        if (rnd.chance(0.3))
          people.at('system', now.getTime() + rnd.int(1, 48) * HOUR, async () => {
            const late = await webhook(body);
            count(late === 200 ? 'duplicate webhooks answered 200' : `duplicate webhooks answered ${late}`);
          });
      }
    }
    books({
      type: 'started',
      customer: customer.id,
      team: 'delivery',
      sender: byRep ? rep : undefined,
      at: now.getTime(),
    });
  }

  await restart('start');
  planPeople();
  const times = arrivals(rnd, opts.purchases, start, end, purchaseRate);
  for (const [i, t] of times.entries()) people.at('system', t, () => purchase(i + 1));
  for (let i = 0; i < opts.erasures; i++) {
    people.at('system', start + (0.5 + rnd.next() / 2) * (end - start), async () => {
      const id = rnd.pick(purchased);
      const r = await forgetCustomer(current().services.deps, {
        customerId: id,
        actor: ADMIN,
        confirmed: true,
      });
      if (r.ok) {
        count('customers erased on request');
        books({ type: 'erased', customer: id, at: clock.now().getTime() });
      }
    });
  }
  for (let i = 0; i < opts.restarts; i++)
    people.at('system', start + rnd.next() * (end - start), () => restart('planned'));
  if (swallowed.size > 0)
    fakes.swallow = (text, userId) => userId !== undefined && swallowedNames().some((n) => text.includes(n));

  let seen = 0;
  for (let t = start; t <= end; t += step) {
    await people.runDue(t);
    clock.set(new Date(t));
    await current().runOnce();
    const fresh = shown.slice(seen);
    seen = shown.length;
    // People read what reached the platform: a swallowed reminder is never read.
    await people.read(swallowed.size > 0 ? fresh.filter((s) => !mentions(s, swallowedNames())) : fresh);
    if ((t - start) % (7 * DAY) === 0 && t > start)
      opts.progress?.(
        `seed ${opts.seed} week ${(t - start) / (7 * DAY)}: ${purchased.length} purchases, ${fakes.received.length} messages`,
      );
  }
  if (opts.dump) await writeFile(opts.dump, JSON.stringify(fakes.received, null, 1));
  const verdict = oracle.verdict(fakes.received, end);
  const report = collectReport({
    verdict,
    received: fakes.received,
    outages,
    refused: fakes.refused,
    swallowed: fakes.swallowed.length,
    postedTwice: [...fakes.slackPostsByDelivery].filter(([, n]) => n > 1).length,
    counts,
    seconds: (performance.now() - began) / 1000,
    opts,
  });
  if (swallowed.size > 0)
    report.swallowedAbout = [...names]
      .filter(([, name]) => fakes.swallowed.some((text) => text.includes(name)))
      .map(([id]) => id);
  if (opts.trace?.length) report.traces = traceCustomers(fakes.received, oracle, opts.trace, names);
  await baton.stop();
  await fakes.close();
  // --keep: the data file, config and playbooks stay, to open the dashboard on a simulated quarter.
  if (opts.keep) await cp(tmp, opts.keep, { recursive: true });
  await rm(tmp, { recursive: true, force: true });
  return report;
}

function mentions(s: Sent, names: readonly string[]): boolean {
  if (s.item.delivery.target.kind !== 'person') return false;
  const r = s.item.rendered;
  const text =
    r.kind === 'notice'
      ? r.notice.fallback
      : r.kind === 'text'
        ? r.text
        : r.kind === 'view'
          ? r.view.fallback
          : r.card.fallback;
  return names.some((n) => text.includes(n));
}

/** One outage of both platforms, on a weekday afternoon when New York and London both work. */
function planOutage(rnd: ReturnType<typeof seeded>, start: number, end: number, hours: number): Outage[] {
  if (hours <= 0) return [];
  const weekdays: number[] = [];
  for (let d = start + 2 * DAY; d < end - 2 * DAY; d += DAY)
    if (new Date(d).getUTCDay() % 6 !== 0) weekdays.push(d);
  const day = rnd.pick(weekdays);
  const from = day + 14 * HOUR + rnd.int(0, 5) * 10 * MIN;
  return [{ from, to: from + hours * HOUR }];
}
