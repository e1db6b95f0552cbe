import type { Services } from '../../src/services/index.js';

/**
 * Sales hands six customers to Delivery over two weeks (Delivery works 09:00-17:30 in London, GMT
 * in November, so UTC reads as local time; accept within 4 business hours, first contact within 2
 * business days). Each line: when it started, was accepted, was contacted, and the business hours
 * from start to contact, worked out by hand.
 */
export const PLAN = [
  // The week of 9 Nov.
  {
    id: 'p1',
    start: '2026-11-10T10:00Z',
    accept: '2026-11-10T11:00Z',
    contact: '2026-11-10T13:00Z',
    hours: 3,
  },
  // Accepted the next day (8.5 business hours: late); contacted Friday 15:00, after Friday 10:00's deadline:
  // Wed 10:00-17:30 (7.5) + Thu (8.5) + Fri 09:00-15:00 (6) = 22.
  {
    id: 'p2',
    start: '2026-11-11T10:00Z',
    accept: '2026-11-12T10:00Z',
    contact: '2026-11-13T15:00Z',
    hours: 22,
  },
  // The week of 16 Nov.
  {
    id: 's1',
    start: '2026-11-17T10:00Z',
    accept: '2026-11-17T10:30Z',
    contact: '2026-11-17T16:00Z',
    hours: 6,
  },
  // Tue 11:00-17:30 (6.5) + Wed 09:00-11:00 (2) = 8.5.
  {
    id: 's2',
    start: '2026-11-17T11:00Z',
    accept: '2026-11-17T12:00Z',
    contact: '2026-11-18T11:00Z',
    hours: 8.5,
  },
  // Accepted after 6 business hours (late); contacted Monday 10:00, after Friday 10:00's deadline:
  // Wed 7.5 + Thu 8.5 + Fri 8.5 + Mon 1 = 25.5.
  {
    id: 's3',
    start: '2026-11-18T10:00Z',
    accept: '2026-11-18T16:00Z',
    contact: '2026-11-23T10:00Z',
    hours: 25.5,
  },
  // Accepted in time, never contacted: past its deadline (Monday 10:00) when the report goes out.
  { id: 's4', start: '2026-11-19T10:00Z', accept: '2026-11-19T11:00Z' },
] as const;

/** The week of 16 Nov against the week before, as the report must say it, worked out from PLAN by hand. */
export const DRIVEN_EXPECTED = {
  started: '4 (week before: 2)',
  // s1, s2, s4 accepted within 4 business hours; s3 not. p1 yes, p2 no.
  accept: '75% (week before: 50%)',
  // s1 and s2 in time, s3 late, s4 past its deadline: 2 of 4. p1 of p1, p2.
  contacted: '2 (50%) (week before: 1 (50%))',
  // Nearest-rank medians: of 6, 8.5 and 25.5 the 2nd; of 3 and 22 the 1st.
  median: '8.5 h (week before: 3 h)',
  past: '1 (week before: 0)',
  team: 'Sales handed 4 customers to Delivery: 2 contacted within SLA, median 8.5 business hours; 1 waiting.',
};

/** The plan's steps in time order. */
export const PLAN_EVENTS = PLAN.flatMap((p) => [
  { at: p.start, id: p.id, what: 'start' as const },
  { at: p.accept, id: p.id, what: 'accept' as const },
  ...('contact' in p ? [{ at: p.contact, id: p.id, what: 'contact' as const }] : []),
]).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

/**
 * Drives PLAN through Baton's services, the clock moved to each step (and the
 * scheduler run) by `moveTo`: Dana hands each customer (`cus_<id>`, seeded by
 * the caller) to Delivery, Tom accepts and logs the first contact.
 */
export async function drivePlan(services: Services, moveTo: (iso: string) => Promise<void>): Promise<void> {
  const handoffOf = new Map<string, string>();
  for (const e of PLAN_EVENTS) {
    await moveTo(e.at);
    if (e.what === 'start') {
      const r = await services.startHandoff({
        actor: 'dana',
        customer: { id: `cus_${e.id}` },
        to: { team: 'delivery' },
        context: { summary: 'Annual plan', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
        source: { kind: 'person' },
      });
      if (!r.ok) throw new Error(`start ${e.id}: ${r.failure.code}`);
      handoffOf.set(e.id, r.value.handoff.id);
      continue;
    }
    const handoffId = handoffOf.get(e.id) ?? '';
    const r =
      e.what === 'accept'
        ? await services.accept({ handoffId, actor: 'tom' })
        : await services.logHandoffContact({ handoffId, actor: 'tom', channel: 'call' });
    if (!r.ok) throw new Error(`${e.what} ${e.id}: ${r.failure.code}`);
  }
}
