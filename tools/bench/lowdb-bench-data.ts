import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { batonRegistry } from '../../app/registry.js';
import { BACKFILL_DONE, BACKFILL_NS } from '../../src/analytics/backfill.js';
import { recordingJourney } from '../../src/analytics/record.js';
import { createDirectory } from '../../src/config/directory.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { AuditEntry, Customer, FollowUp, Handoff, Touchpoint } from '../../src/domain/types.js';

/** The instant the bench treats as now: 1% of the follow-ups fall due before it. */
export const BENCH_NOW = new Date('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;
/** The instant the data being built treats as now (BENCH_NOW unless populate is told otherwise). */
let base = BENCH_NOW.getTime();
const iso = (ms: number) => new Date(base + ms).toISOString();
const pad = (n: number) => String(n).padStart(6, '0');
/**
 * Each customer's story starts a second after the one before, as real data's do: no two
 * records share an instant unless a running Baton would have written them in one commit
 * (a handoff's createdAt and openedAt, its follow-ups' window start and deadline, the
 * customer's updatedAt). Identical times in every record would flatter any memory figure.
 */
const own = (i: number) => -i * 1000;

export const customerId = (i: number) => `cus_bench_${pad(i)}`;
export const handoffId = (i: number) => `hof_bench_${pad(i)}`;

export function customer(i: number): Customer {
  const tag = pad(i);
  return {
    id: customerId(i),
    name: `Customer ${tag} GmbH`,
    aliases: [`C${tag}`],
    externalIds: { hubspot: `hs-${tag}`, stripe: `cus_${tag}` },
    domain: `c${tag}.example`,
    language: i % 7 === 0 ? 'ko' : 'en',
    contacts: [{ name: `Alex Doe ${tag}`, email: `alex@c${tag}.example`, role: 'sponsor' }],
    stage: 'delivery',
    team: 'delivery',
    owner: `owner${i % 40}`,
    postPurchase: true,
    purchasedAt: iso(-30 * DAY + own(i)),
    lastContactAt: iso(-(i % 20) * DAY + own(i)),
    contactDueAt: iso(((i % 40) - 10) * DAY + own(i)),
    createdAt: iso(-60 * DAY + own(i)),
    updatedAt: iso(-DAY + own(i)),
    version: 1,
  };
}

export function handoff(i: number): Handoff {
  return {
    id: handoffId(i),
    customerId: customerId(i),
    playbook: 'sales-to-delivery',
    from: 'sales',
    to: 'delivery',
    sender: `rep${i % 25}`,
    source: { kind: 'event', system: 'stripe', eventId: `evt_${pad(i)}` },
    state: i % 3 === 0 ? 'open' : 'accepted',
    assignee: `owner${i % 40}`,
    owner: i % 3 === 0 ? undefined : `owner${i % 40}`,
    context: {
      summary: 'Annual plan, 40 seats; wants SSO before go-live and a Korean-speaking onboarding manager.',
      goLiveDate: '2027-01-15',
      dealValue: 12000 + (i % 100) * 1000,
      keyContact: `Alex Doe <alex@c${pad(i)}.example>`,
    },
    notes: [],
    round: 1,
    snoozeCount: 0,
    createdAt: iso(-2 * DAY + own(i)),
    openedAt: iso(-2 * DAY + own(i)),
    acceptDueAt: iso(-2 * DAY + 4 * 3_600_000 + own(i)),
    contactDueAt: iso(2 * DAY + own(i)),
    updatedAt: iso(-DAY + own(i)),
    version: 1,
  };
}

/** From this long after BENCH_NOW, two follow-ups fall due every second (one per handoff and step). */
export const BENCH_DUE_FROM_MS = DAY;

/** Two per handoff; one in a hundred already due at BENCH_NOW, the rest from BENCH_DUE_FROM_MS on. */
function followUps(i: number): FollowUp[] {
  return ['50%', '100%'].map((step, k) => ({
    id: `${handoffId(i)}:r1:firstContact:${step}`,
    customerId: customerId(i),
    handoffId: handoffId(i),
    window: 'firstContact' as const,
    kind: 'nudge' as const,
    step,
    recipient: { kind: 'person' as const, person: `owner${i % 40}` },
    windowStart: iso(-DAY + own(i)),
    deadline: iso(2 * DAY + own(i)),
    dueAt: k === 0 && i % 50 === 0 ? iso(-60_000 - i) : iso(BENCH_DUE_FROM_MS + i * 1000 + k),
    status: 'pending' as const,
  }));
}

function historyEntry(n: number, customers: number): { audit?: AuditEntry; touchpoint?: Touchpoint } {
  const c = customerId((n * 7919) % customers);
  const at = iso(-90 * DAY + n * 10_000);
  if (n % 3 === 0) {
    return {
      touchpoint: {
        id: `tp_bench_${n}`,
        customerId: c,
        at,
        channel: 'call',
        by: 'owner1',
        note: 'Weekly check-in; all good.',
        source: 'slack',
      },
    };
  }
  return {
    audit: {
      id: `aud_bench_${n}`,
      at,
      actor: 'owner1',
      action: 'handoff.accepted',
      subject: { type: 'customer', id: c },
      customerId: c,
      details: { from: 'sales', to: 'delivery' },
    },
  };
}

/** The people the bench data names (owner0..39 in delivery, rep0..24 in sales), all on Slack. */
export function benchDirectory() {
  const people: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++)
    people[`owner${i}`] = { name: `Owner ${i}`, team: 'delivery', slack: `U0OWNER${i}` };
  for (let i = 0; i < 25; i++) people[`rep${i}`] = { name: `Rep ${i}`, team: 'sales', slack: `U0REP${i}` };
  const config = parseConfig(
    {
      teams: {
        sales: { name: 'Sales', timezone: 'America/New_York', slack: { channel: 'C0SALES' } },
        delivery: {
          name: 'Delivery',
          lead: 'owner0',
          timezone: 'Europe/London',
          slack: { channel: 'C0DELIVERY' },
        },
      },
      people,
    },
    'bench',
    batonRegistry.platforms,
  );
  return createDirectory(config, [], batonRegistry);
}

/**
 * Fills a data file through the store itself, in commits of a thousand
 * records, with snapshots off until the final close; through the journey
 * recorder, as a running Baton writes it, so every handoff has its fact. `now`: the instant the
 * times are relative to (default BENCH_NOW); a bench on the real clock passes
 * one ahead of it, so the data's reminders do not fall due during the run.
 */
export async function populate(
  file: string,
  handoffs: number,
  history: number,
  /** `facts: false`: data as a Baton from before the journey rollup wrote it (no facts). */
  opts: { now?: Date; facts?: boolean } = {},
): Promise<void> {
  base = (opts.now ?? BENCH_NOW).getTime();
  const onDisk = await openLowdbStore({
    file,
    compactEvery: Number.POSITIVE_INFINITY,
    compactAtBytes: Number.POSITIVE_INFINITY,
  });
  const store = opts.facts === false ? onDisk : recordingJourney(onDisk, benchDirectory());
  const BATCH = 1000;
  for (let start = 0; start < handoffs; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, handoffs - start) }, (_, k) => start + k);
    await store.commit({
      customers: ids.map((i) => ({ value: customer(i), expectedVersion: null })),
      handoffs: ids.map((i) => ({ value: handoff(i), expectedVersion: null })),
      followUps: ids.flatMap(followUps),
    });
  }
  // Every handoff got its fact as it was written, as a Baton since the rollup writes them: the
  // backfill has nothing to do, and is marked done as that Baton would have marked it (else every
  // bench's Baton re-read all 50k customers' history in the background while it was measured).
  if (opts.facts !== false)
    await store.commit({
      kv: [
        { ns: BACKFILL_NS, key: BACKFILL_DONE, value: { at: new Date(base).toISOString(), facts: handoffs } },
      ],
    });
  for (let start = 0; start < history; start += BATCH) {
    const entries = Array.from({ length: Math.min(BATCH, history - start) }, (_, k) =>
      historyEntry(start + k, handoffs),
    );
    await store.commit({
      audit: entries.flatMap((e) => (e.audit ? [e.audit] : [])),
      touchpoints: entries.flatMap((e) => (e.touchpoint ? [e.touchpoint] : [])),
    });
  }
  await store.close();
}
