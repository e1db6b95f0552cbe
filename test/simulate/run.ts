import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { type Baton, createBaton } from '../../src/app.js';
import { manualClock, sequentialIds } from '../../src/clock.js';
import { parseEnv } from '../../src/config/env.js';
import { silentLogger } from '../../src/log.js';
import { forgetCustomer } from '../../src/services/forget.js';
import { nextWorkingInstant } from '../../src/time/business-time.js';
import { isWorkingTime } from '../../src/time/calendar.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { ADMIN, calendarOf, leadOf, membersOf, TEAM_KEYS, teamOf, writeSetup } from './org.js';
import { createPeople } from './people.js';
import { aPurchasingCustomer, purchaseContext, purchaseRate } from './purchases.js';
import { arrivals, seeded } from './random.js';
import { collectReport, type SimReport } from './report.js';
import { traceCustomers } from './trace.js';
import { createWatch } from './watch.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SimOptions {
  seed: number;
  purchases: number;
  weeks: number;
  stepMinutes: number;
  /** A Monday, 00:00 UTC. */
  start: string;
  erasures: number;
  /** People who leave, and when (as a fraction of the run). */
  leavers: Array<{ person: string; at: number }>;
  /** Chance each team member takes a holiday during the run. */
  holidayChance: number;
  holidayDays: number;
  /**
   * Chance a purchase handoff is declined and has to be sent again. Off by
   * default: a declined handoff has no reminders for anyone (see the README
   * section), so a slow resend is a silent customer.
   */
  declines: number;
  progress?: (line: string) => void;
  /** Customers whose whole story to print after the table, to see why a check failed. */
  trace?: string[];
}

export const QUARTER: SimOptions = {
  seed: 7,
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
  declines: 0,
};

/**
 * A stretch of purchases through the real services, scheduler and outbox on
 * a manual clock. Baton is restarted whenever the admin changes the config
 * (a holiday announced, someone leaving), on the same store, as in life.
 */
export async function simulate(opts: SimOptions): Promise<SimReport> {
  const began = performance.now();
  const tmp = await mkdtemp(path.join(tmpdir(), 'baton-sim-'));
  const rnd = seeded(opts.seed);
  const start = Date.parse(opts.start);
  const end = start + opts.weeks * 7 * DAY;
  const step = opts.stepMinutes * MIN;
  const clock = manualClock(new Date(start));
  const platform = recordingPlatform('slack');
  const store = createMemoryStore();
  const watch = createWatch({ toleranceMs: 2 * step });
  const counts = new Map<string, number>();
  const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  const away = new Map<string, string>();
  const holidays = new Map<string, { start: number; end: number }>();
  const leftAt = new Map<string, number>();
  const purchased: string[] = [];
  const gapChecks = { checked: 0, listed: 0, mismatches: [] as string[] };
  let baton: Baton | undefined;
  let generation = 0;

  async function restart(): Promise<void> {
    const setup = await writeSetup(tmp, away, ++generation);
    const env = parseEnv({
      BATON_CONFIG: setup.config,
      BATON_HANDOFFS: setup.handoffs,
      BATON_PLAYGROUND: 'off',
    });
    // Nothing listens and no timer runs: the simulation drives each scheduler pass itself.
    baton = await createBaton({
      env,
      log: silentLogger,
      clock,
      ids: sequentialIds(`g${generation}x`),
      store,
      adapters: async () => [platform.adapter],
    });
    if (generation > 1) count('restarts (config changed)');
  }
  const current = (): Baton => {
    if (!baton) throw new Error('Baton is not running');
    return baton;
  };
  const simClock = { now: () => clock.now(), set: (t: number) => clock.set(new Date(t)) };
  const people = createPeople({
    rnd,
    clock: simClock,
    baton: current,
    watch,
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
      ...(await store.listHandoffs({ owner: person })),
      ...(await store.listHandoffs({ assignee: person, states: ['open'] })),
    ];
    for (const h of new Map(mine.map((x) => [x.id, x])).values()) {
      if (h.to !== team || (!everything && h.state === 'contacted')) continue;
      const to = await people.pickMember(team, person);
      if (!to) continue;
      const r = await s.reassign({ handoffId: h.id, actor: leadOf(team), to });
      if (r.ok) count(everything ? 'reassigned (leaver)' : 'reassigned (holiday)');
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
        await restart();
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
            await restart();
          });
        }
      }
    }
  }

  async function purchase(i: number): Promise<void> {
    const customer = aPurchasingCustomer(rnd, i, clock.now().toISOString());
    await store.commit({ customers: [{ value: customer, expectedVersion: null }] });
    purchased.push(customer.id);
    const rep = customer.owner ?? '';
    // The rep hands over when at work; otherwise the shop's webhook does.
    const byRep =
      people.present(rep, clock.now().getTime()) && isWorkingTime(calendarOf('sales'), clock.now());
    const r = await current().services.startHandoff({
      actor: byRep ? rep : 'system',
      customer: { id: customer.id },
      to: { team: 'delivery' },
      context: purchaseContext(customer),
      source: byRep ? { kind: 'person' } : { kind: 'event', system: 'stripe', eventId: `evt_${i}` },
    });
    if (!r.ok) throw new Error(`purchase ${customer.id} failed: ${JSON.stringify(r.failure)}`);
    count(byRep ? 'purchases handed over by the rep' : 'purchases from the shop webhook');
    await people.observe(customer.id);
  }

  /** Every hour, the simulation's books against the store: the same deadlines, and /cx gaps lists exactly those past due. */
  async function sweep(checkGaps: boolean): Promise<void> {
    const now = clock.now().getTime();
    for (const id of purchased) {
      const c = await store.getCustomer(id);
      const known = watch.deadlines.get(id);
      const due = c?.contactDueAt ? Date.parse(c.contactDueAt) : undefined;
      if (c && (c.erasedAt ? known : known?.due !== due)) {
        const waiting = (await store.listHandoffs({ customerId: id, states: ['open', 'accepted'] }))[0];
        watch.observe(c, waiting, now, false);
      }
    }
    if (!checkGaps) return;
    const gaps = await current().services.gaps();
    const listed = gaps.map((g) => g.customer.id);
    const expected = new Set(watch.pastDue(now));
    gapChecks.checked++;
    gapChecks.listed += listed.length;
    const when = new Date(now).toISOString();
    for (const id of listed)
      if (!expected.has(id)) gapChecks.mismatches.push(`${when}: ${id} listed, not past due`);
    for (const id of expected)
      if (!listed.includes(id)) gapChecks.mismatches.push(`${when}: ${id} past due, not listed`);
    for (let i = 1; i < gaps.length; i++)
      if ((gaps[i]?.overdueMs ?? 0) > (gaps[i - 1]?.overdueMs ?? 0))
        gapChecks.mismatches.push(`${when}: not worst first`);
  }

  await restart();
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
      if (r.ok) count('customers erased on request');
      await people.observe(id);
    });
  }
  // Between passes too, at moments nobody planned for, not only right after the scheduler ran.
  for (let i = 0; i < opts.weeks * 5; i++)
    people.at('system', start + rnd.next() * (end - start), () => sweep(true));

  let seen = 0;
  for (let t = start; t <= end; t += step) {
    await people.runDue(t);
    clock.set(new Date(t));
    await current().runOnce();
    const fresh = platform.sent.slice(seen);
    seen = platform.sent.length;
    await people.read(fresh);
    if ((t - start) % HOUR === 0) await sweep(true);
    if ((t - start) % (7 * DAY) === 0 && t > start)
      opts.progress?.(`week ${(t - start) / (7 * DAY)}: ${purchased.length} purchases, ${seen} messages`);
  }
  const report = await collectReport({
    store,
    sent: platform.sent,
    purchased,
    verdict: watch.verdict(end),
    problems: [...watch.problems],
    gapChecks,
    counts,
    seconds: (performance.now() - began) / 1000,
    opts,
  });
  if (opts.trace?.length) report.traces = await traceCustomers(store, watch, opts.trace);
  await rm(tmp, { recursive: true, force: true });
  return report;
}
