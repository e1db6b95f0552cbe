import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportRow, writeRows } from '../../../adapters/dashboard/export.js';
import type { JourneyFact } from '../../../src/analytics/fact.js';
import { type AuditEntry, HANDOFF_STATES } from '../../../src/domain/types.js';
import type { TestBaton } from '../../support/harness.js';
import { aCustomer, seedCustomers } from '../../support/seed.js';
import { aFact, get, seedFacts, signIn, startDashboard } from './helpers.js';

const TEAMS = ['marketing', 'sales', 'delivery', 'care'] as const;
const NAMES = [
  'Plain Co',
  'Comma, Inc',
  'Quote "Q" Ltd',
  'Line\nBreak GmbH',
  '한빛 주식회사',
  '=1+1 Corp',
  '@Mention SA',
];
const HANDOFFS = 1_234;
const DAY = 86_400_000;

/** The handoff export's columns and values, as documented for people who open the file. */
function expectedRow(f: JourneyFact, name: string) {
  return {
    handoff_id: f.handoffId,
    customer_id: f.customerId,
    customer: name,
    playbook: f.playbook,
    from_team: f.from,
    to_team: f.to,
    source: f.source,
    language: f.language,
    week: f.week,
    state: f.state,
    started_at: f.startedAt,
    accepted_at: f.acceptedAt ?? null,
    contacted_at: f.contactedAt ?? null,
    closed_at: f.closedAt ?? null,
    sender: f.sender,
    assignee: f.assignee ?? null,
    owner: f.owner ?? null,
    declines: f.declines,
    reassigns: f.reassigns,
    escalations: f.escalations,
  };
}

/** How a spreadsheet-safe CSV writes a cell that would otherwise be read as a formula. */
const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

describe('CSV and JSON Lines exports of the lists', () => {
  let t: TestBaton;
  let priya: string;
  let tom: string;
  const facts: JourneyFact[] = [];
  const names = new Map<string, string>();
  const audit: AuditEntry[] = [];
  const customerTeam = new Map<string, string>();

  beforeAll(async () => {
    t = await startDashboard();
    const customers = [];
    for (let i = 0; i < 300; i++) {
      const id = `c${String(i).padStart(3, '0')}`;
      const team = TEAMS[i % 4] ?? 'sales';
      const name = `${NAMES[i % NAMES.length]} ${i}`;
      names.set(id, name);
      customerTeam.set(id, team);
      customers.push(aCustomer(id, name, team));
    }
    await seedCustomers(t.store, ...customers);
    for (let i = 0; i < HANDOFFS; i++) {
      const from = TEAMS[i % 3] ?? 'sales';
      const to = TEAMS[(i % 3) + 1] ?? 'delivery';
      const started = new Date(Date.parse('2026-09-01T09:00:00Z') + (i % 80) * DAY + i * 1_000).toISOString();
      const state = HANDOFF_STATES[i % HANDOFF_STATES.length] ?? 'open';
      facts.push(
        aFact({
          handoffId: `h${String(i).padStart(5, '0')}`,
          customerId: `c${String(i % 300).padStart(3, '0')}`,
          from,
          to,
          playbook: `${from}-to-${to}`,
          state,
          startedAt: started,
          week: started.slice(0, 10),
          source: i % 5 === 0 ? 'hubspot' : 'person',
          language: i % 2 ? 'ko' : 'en',
          ...(state === 'accepted' ? { acceptedAt: started, owner: 'tom' } : {}),
          declines: i % 7 === 0 ? 1 : 0,
          declineReasons: i % 7 === 0 ? ['not ours'] : [],
        }),
      );
    }
    await seedFacts(t.store, facts);
    for (let i = 0; i < 1_100; i++) {
      const customerId = `c${String(i % 300).padStart(3, '0')}`;
      audit.push({
        id: `aud-${String(i).padStart(5, '0')}`,
        at: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 25 * 60_000).toISOString(),
        actor: i % 3 ? 'sam' : 'minho',
        action: i % 2 ? 'customer.updated' : 'handoff.noted',
        subject: { type: 'customer', id: customerId },
        customerId,
        details: { n: i },
      });
    }
    await t.store.commit({ audit });
    priya = await signIn(t, 'priya');
    tom = await signIn(t, 'tom');
  }, 60_000);
  afterAll(() => t?.stop());

  const newestFirst = (a: JourneyFact, b: JourneyFact) =>
    a.startedAt === b.startedAt ? (a.handoffId < b.handoffId ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1;

  it('streams the filtered handoffs as CSV: exactly the expected rows, newest first, formulas escaped', async () => {
    const res = await get(t, '/dashboard/handoffs?state=accepted&language=ko&format=csv', priya);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="baton-handoffs-2026-11-23.csv"',
    );
    // Streamed: no length known up front.
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const records = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    const expected = facts
      .filter((f) => f.state === 'accepted' && f.language === 'ko')
      .sort(newestFirst)
      .map((f) =>
        Object.fromEntries(
          Object.entries(expectedRow(f, names.get(f.customerId) ?? '')).map(([k, v]) => [k, csvCell(v)]),
        ),
      );
    expect(expected.length).toBeGreaterThan(50);
    expect(records).toEqual(expected);
  });

  it('streams every handoff a lead reads as JSON Lines, many pages of them', async () => {
    const res = await get(t, '/dashboard/handoffs?format=jsonl', priya);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="baton-handoffs-2026-11-23.jsonl"',
    );
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(HANDOFFS);
    expect(lines.map((l) => JSON.parse(l))).toEqual(
      [...facts].sort(newestFirst).map((f) => expectedRow(f, names.get(f.customerId) ?? '')),
    );
  });

  it('exports to a member only the handoffs from and to their team, by week range', async () => {
    const res = await get(t, '/dashboard/handoffs?fromWeek=2026-10-07&toWeek=2026-10-20&format=jsonl', tom);
    const got = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { handoff_id: string });
    // Weeks are Mondays: the 7th of October 2026 is in the week of the 5th, the 20th in the week of the 19th.
    const expected = facts
      .filter(
        (f) =>
          (f.from === 'delivery' || f.to === 'delivery') && f.week >= '2026-10-05' && f.week <= '2026-10-19',
      )
      .sort(newestFirst)
      .map((f) => f.handoffId);
    expect(expected.length).toBeGreaterThan(10);
    expect(got.map((r) => r.handoff_id)).toEqual(expected);
  });

  it('exports audit entries page by page with the filters, dates in the reader’s zone, until-day included', async () => {
    const res = await get(
      t,
      '/dashboard/audit?since=2026-11-02&until=2026-11-10&actor=sam&format=csv',
      priya,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="baton-audit-2026-11-23.csv"');
    const records = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    // Priya reads in London, on GMT in November.
    const expected = audit
      .filter(
        (e) => e.actor === 'sam' && e.at >= '2026-11-02T00:00:00.000Z' && e.at < '2026-11-11T00:00:00.000Z',
      )
      .sort((a, b) => (a.at < b.at ? 1 : -1))
      .map((e) => ({
        id: e.id,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject_type: 'customer',
        subject_id: e.customerId ?? '',
        customer_id: e.customerId ?? '',
        customer: csvCell(names.get(e.customerId ?? '') ?? ''),
        details: JSON.stringify(e.details),
      }));
    expect(expected.length).toBeGreaterThan(300);
    expect(records).toEqual(expected);
  });

  it('exports to a member only the audit entries about customers of their team', async () => {
    const res = await get(t, '/dashboard/audit?until=2026-11-20&format=jsonl', tom);
    const got = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string });
    const teamCustomers = new Set(
      [...customerTeam].filter(([, team]) => team === 'delivery').map(([id]) => id),
    );
    for (const f of facts) if (f.from === 'delivery' || f.to === 'delivery') teamCustomers.add(f.customerId);
    const expected = audit
      .filter((e) => teamCustomers.has(e.customerId ?? '') && e.at < '2026-11-21T00:00:00.000Z')
      .sort((a, b) => (a.at < b.at ? 1 : -1))
      .map((e) => e.id);
    expect(expected.length).toBeGreaterThan(100);
    expect(got.map((r) => r.id)).toEqual(expected);
  });

  it('reads the next page only once the client has taken the previous one (backpressure)', async () => {
    const HWM = 8 * 1024;
    let written = 0;
    const slow = new Writable({
      highWaterMark: HWM,
      write(chunk: Buffer, _enc, done) {
        written += chunk.length;
        setTimeout(done, 2);
      },
    });
    const buffered: number[] = [];
    const row: ExportRow = { id: 'x'.repeat(40), note: 'y'.repeat(200) };
    const pages = async function* () {
      for (let p = 0; p < 40; p++) {
        // What the writer holds when it asks for the next page: never a pile of earlier pages.
        buffered.push(slow.writableLength);
        yield Array.from({ length: 100 }, () => row);
      }
    };
    await writeRows(slow, 'jsonl', { name: 'x', columns: ['id', 'note'], pages: pages() });
    await new Promise<void>((resolve) => slow.end(resolve));
    const pageBytes = 100 * (JSON.stringify(row).length + 1);
    expect(pageBytes).toBeGreaterThan(HWM);
    expect(written).toBe(40 * pageBytes);
    expect(Math.max(...buffered)).toBeLessThan(HWM);
  });
});
