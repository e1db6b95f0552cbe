import { expect, it } from 'vitest';
import type { AuditEntry } from '../../../../src/domain/types.js';
import type { AuditPage, AuditQuery, Store } from '../../../../src/store/store.js';
import { aCustomer, anAudit, uid } from '../builders.js';
import { commitOk, farFuture, type GetStore, iso } from './helpers.js';

const MIN = 60_000;

/** Newest first as the contract says: by time, then by id in code-unit order, both descending. */
const newestFirst = (a: AuditEntry, b: AuditEntry): number =>
  a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

/** Every page of `q`; `cursorOf` makes the next page's cursor (a test may break it on purpose). */
async function allPages(
  store: Store,
  q: Omit<AuditQuery, 'cursor'>,
  cursorOf: (page: AuditPage) => string | undefined = (page) => page.next,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await store.scanAudit({ ...q, ...(cursor === undefined ? {} : { cursor }) });
    expect(page.entries.length).toBeLessThanOrEqual(q.limit);
    ids.push(...page.entries.map((e) => e.id));
    cursor = cursorOf(page);
    if (cursor === undefined) break;
  }
  return ids;
}

/** What a paging went wrong by: entries read twice and entries never read. */
function coverage(read: string[], expected: string[]) {
  const seen = new Set(read);
  return { duplicates: read.length - seen.size, missing: expected.filter((id) => !seen.has(id)).length };
}

/** A window of time of this test's own: other tests' entries (a shared database) fall outside it. */
function window() {
  const base = farFuture();
  return {
    at: (minutes: number) => iso(base, minutes * MIN),
    since: iso(base),
    until: iso(base, 10_000 * MIN),
  };
}

/** The audit log across customers, newest first, a page at a time. */
export function auditScanContract(store: GetStore): void {
  it('pages the audit log newest first with a cursor, no entry twice and none left out', async () => {
    const w = window();
    const customers = [aCustomer(), aCustomer(), aCustomer()];
    const entries: AuditEntry[] = [];
    for (let i = 0; i < 23; i++) {
      const c = customers[i % 3] ?? customers[0];
      // Every third pair shares its instant: the id decides their order.
      entries.push(anAudit(c?.id ?? '', { at: w.at(Math.floor(i / 2) * 3), action: `a.${i % 4}` }));
    }
    await commitOk(store(), {
      customers: customers.map((value) => ({ value, expectedVersion: null })),
      audit: entries.slice(0, 10),
    });
    await commitOk(store(), { audit: entries.slice(10) });
    const expected = [...entries].sort(newestFirst).map((e) => e.id);
    const q = { since: w.since, until: w.until, limit: 4 };
    const first = await store().scanAudit(q);
    expect(first.entries.map((e) => e.id)).toEqual(expected.slice(0, 4));
    expect(first.entries[0]).toEqual(entries.find((e) => e.id === expected[0]));
    const read = await allPages(store(), q);
    expect(coverage(read, expected)).toEqual({ duplicates: 0, missing: 0 });
    expect(read).toEqual(expected);
    // Control: a cursor one entry short of the page's end reads that entry twice, and the check sees it.
    const broken = await allPages(store(), q, (page) => {
      const e = page.entries[page.entries.length - 2];
      return page.next && e ? `${e.at}|${e.id}` : undefined;
    });
    expect(coverage(broken, expected).duplicates).toBeGreaterThan(0);
    // The last page says there is no next one.
    const exact = await store().scanAudit({ ...q, limit: 23 });
    expect(exact.entries).toHaveLength(23);
    expect(exact.next).toBeUndefined();
    // What is committed after a read is on the next read.
    const newer = anAudit(customers[0]?.id ?? '', { at: w.at(500) });
    await commitOk(store(), { audit: [newer] });
    expect((await store().scanAudit(q)).entries.map((e) => e.id)).toEqual([
      newer.id,
      ...expected.slice(0, 3),
    ]);
  });

  it('filters by time (since inclusive, until exclusive), actions, actor and customers', async () => {
    const w = window();
    const [c1, c2] = [aCustomer(), aCustomer()];
    const others = Array.from({ length: 20 }, () => aCustomer());
    const dana = uid('dana');
    const lee = uid('lee');
    const e1 = anAudit(c1.id, { at: w.at(10), actor: dana, action: 'handoff.opened' });
    const e2 = anAudit(c2.id, { at: w.at(20), actor: lee, action: 'handoff.accepted' });
    const e3 = anAudit(c1.id, { at: w.at(30), actor: lee, action: 'handoff.declined' });
    const e4 = anAudit(c2.id, { at: w.at(40), actor: dana, action: 'handoff.accepted' });
    const e5 = anAudit(c1.id, { at: w.at(50), actor: dana, action: 'contact.logged' });
    const many = others.map((c, i) =>
      anAudit(c.id, { at: w.at(60 + i), actor: 'system', action: 'sla.breached' }),
    );
    await commitOk(store(), {
      customers: [c1, c2, ...others].map((value) => ({ value, expectedVersion: null })),
      audit: [e1, e2, e3, e4, e5, ...many],
    });
    const ids = async (q: Partial<AuditQuery>) =>
      (await store().scanAudit({ since: w.since, until: w.until, limit: 100, ...q })).entries.map(
        (e) => e.id,
      );
    expect(await ids({ since: e2.at, until: e4.at })).toEqual([e3.id, e2.id]);
    expect(await ids({ actions: ['handoff.accepted', 'contact.logged'] })).toEqual([e5.id, e4.id, e2.id]);
    expect(await ids({ actor: lee })).toEqual([e3.id, e2.id]);
    expect(await ids({ customerIds: [c1.id] })).toEqual([e5.id, e3.id, e1.id]);
    expect(await ids({ customerIds: [c2.id, uid('cus')], actor: dana })).toEqual([e4.id]);
    // Many customers at once (a team's book).
    const book = [c2, ...others.slice(0, 17)].map((c) => c.id);
    expect(await ids({ customerIds: book })).toEqual(
      [...many.slice(0, 17), e4, e2].sort(newestFirst).map((e) => e.id),
    );
    expect(await ids({ actor: uid('nobody') })).toEqual([]);
    expect(await ids({ actions: ['handoff.accepted'], actor: dana, customerIds: [c1.id] })).toEqual([]);
    // A filter and a cursor together: page by page, the same entries.
    const q = { since: w.since, until: w.until, actor: dana, limit: 1 };
    expect(await allPages(store(), q)).toEqual([e5.id, e4.id, e1.id]);
    const many18 = { since: w.since, until: w.until, customerIds: book, limit: 5 };
    expect(await allPages(store(), many18)).toEqual(await ids({ customerIds: book }));
  });

  it('returns an erased customer entries erased, also after a page was read', async () => {
    const w = window();
    const [gone, kept] = [aCustomer(), aCustomer()];
    const a1 = anAudit(gone.id, { at: w.at(1), details: { email: 'mj@acme.example' } });
    const a2 = anAudit(kept.id, { at: w.at(2), details: { email: 'sara@beta.example' } });
    await commitOk(store(), {
      customers: [gone, kept].map((value) => ({ value, expectedVersion: null })),
      audit: [a1, a2],
    });
    const q = { since: w.since, until: w.until, limit: 10 };
    expect((await store().scanAudit(q)).entries).toEqual([a2, a1]);
    await commitOk(store(), { eraseHistoryOf: [gone.id] });
    const { details: _details, ...erased } = a1;
    expect((await store().scanAudit(q)).entries).toEqual([a2, erased]);
    expect((await store().scanAudit({ ...q, customerIds: [gone.id] })).entries).toEqual([erased]);
    expect(JSON.stringify(await store().scanAudit(q))).not.toContain('mj@acme.example');
  });

  it('lists audit entries about no customer (a dashboard sign-in) in the log, under no customer', async () => {
    const w = window();
    const person = uid('dana');
    const signIn: AuditEntry = {
      id: uid('aud'),
      at: w.at(5),
      actor: person,
      action: 'dashboard.signin',
      subject: { type: 'person', id: person },
    };
    const customer = aCustomer();
    const about = anAudit(customer.id, { at: w.at(6), actor: person });
    await commitOk(store(), {
      customers: [{ value: customer, expectedVersion: null }],
      audit: [signIn, about],
    });
    const q = { since: w.since, until: w.until, limit: 10 };
    expect((await store().scanAudit(q)).entries).toEqual([about, signIn]);
    expect((await store().scanAudit({ ...q, actions: ['dashboard.signin'] })).entries).toEqual([signIn]);
    expect((await store().scanAudit({ ...q, customerIds: [customer.id] })).entries).toEqual([about]);
    // Also among many customers never seen: an entry about no customer is about none of them.
    const unknown = Array.from({ length: 20 }, () => uid('cus'));
    expect((await store().scanAudit({ ...q, customerIds: [...unknown, customer.id] })).entries).toEqual([
      about,
    ]);
    expect((await store().scanAudit({ ...q, customerIds: unknown })).entries).toEqual([]);
  });

  it('refuses a cursor no page returned and a time that is not one, with a coded error that says what to pass', async () => {
    for (const q of [
      { limit: 10, cursor: 'page-2' },
      { limit: 10, cursor: 'yesterday|aud_1' },
      { limit: 10, since: 'last week' },
      { limit: 10, until: '2026-13-45' },
      { limit: -1 },
    ]) {
      await expect(store().scanAudit(q)).rejects.toMatchObject({ code: 'AUDIT_QUERY_INVALID' });
    }
  });
}
