import { describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../../adapters/store/postgres/postgres-store.js';
import { CUSTOMER, customerValues, valuesList } from '../../../adapters/store/postgres/rows.js';
import type { Customer, Handoff } from '../../../src/domain/types.js';
import type { TeamLanguageCount } from '../../../src/store/store.js';
import { aCustomer, aHandoff, bump } from './builders.js';
import { replicaSet, serverAnswers } from './postgres-replicas.js';

/**
 * The PostgreSQL store counts the teams page's language coverage from a copy
 * kept by its own process. The oracle here is the tables themselves: one
 * GROUP BY over every customer of a team and every customer handed to it by
 * a live handoff, counted once per team (what the store ran on each view
 * before it kept a copy).
 */
const server = await serverAnswers();
const { admin, readerAndWriter, slowWriter } = replicaSet();

const TEAMS = ['care', 'delivery', 'sales'];

const line = (rows: TeamLanguageCount[]) =>
  rows
    .map((r) => `${r.team} ${r.language ?? '-'} ${r.customers}`)
    .sort()
    .join(', ');

async function fromTables(schema: string, teams = TEAMS): Promise<string> {
  const { rows } = await admin.query<{ team: string; language: string | null; n: number }>(
    `SELECT team, language, count(*)::int AS n FROM (
       SELECT c.team, c.data->>'language' AS language, c.id FROM ${schema}.customers c
        WHERE c.team = ANY($1::text[]) AND c.data->>'erasedAt' IS NULL
       UNION
       SELECT h.to_team, c.data->>'language', c.id
         FROM ${schema}.handoffs h JOIN ${schema}.customers c ON c.id = h.customer_id
        WHERE NOT h.closed AND h.to_team = ANY($1::text[]) AND c.data->>'erasedAt' IS NULL
     ) served GROUP BY team, language`,
    [teams],
  );
  return line(
    rows.map((r) => ({ team: r.team, customers: r.n, ...(r.language ? { language: r.language } : {}) })),
  );
}

const counted = async (s: PostgresStore, teams = TEAMS) => line(await s.customerLanguages(teams));

/** A small deterministic generator, so a failing sequence can be run again. */
function random(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x % n;
  };
}

describe.skipIf(!server)('postgres store: language coverage counted from the per-process copy', () => {
  it("shows another replica's new customers, changed languages, moves and closed handoffs", async () => {
    const { schema, reader, writer } = await readerAndWriter();
    const ko = aCustomer({ team: 'care', language: 'ko' });
    const ja = aCustomer({ team: 'sales', language: 'ja' });
    await writer.commit({ customers: [ko, ja].map((value) => ({ value, expectedVersion: null })) });
    expect(await counted(reader)).toBe('care ko 1, sales ja 1');

    const toDelivery = aHandoff(ja.id, { to: 'delivery', state: 'open' });
    await writer.commit({
      customers: [{ value: bump(ko, { language: 'en' }), expectedVersion: 1 }],
      handoffs: [{ value: toDelivery, expectedVersion: null }],
    });
    expect(await counted(reader)).toBe('care en 1, delivery ja 1, sales ja 1');

    await writer.commit({
      handoffs: [
        {
          value: bump(toDelivery, { state: 'done', closedAt: bump(toDelivery).updatedAt }),
          expectedVersion: 1,
        },
      ],
      customers: [{ value: bump(ja, { team: 'care' }), expectedVersion: 1 }],
    });
    expect(await counted(reader)).toBe('care en 1, care ja 1');
    expect(await counted(reader)).toBe(await fromTables(schema));
  });

  it('picks up a customer written by a commit that lands after a later one was already read', async () => {
    const { schema, reader, writer } = await readerAndWriter();
    await reader.customerLanguages(TEAMS);
    const slow = await slowWriter(schema);
    const early = aCustomer({ team: 'care', language: 'ko' });
    const late = aCustomer({ team: 'care', language: 'ja' });
    try {
      await writer.commit({ customers: [{ value: late, expectedVersion: null }] });
      expect(await counted(reader)).toBe('care ja 1');
      await slow.query(
        `INSERT INTO customers (${CUSTOMER.names.join(', ')}) VALUES ${valuesList(CUSTOMER, 1)}`,
        customerValues(early),
      );
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    expect(await counted(reader)).toBe('care ja 1, care ko 1');

    // The control: the early row's stamp is below the late one's, so a reader
    // that went on from the highest stamp it had read would never see it.
    const { rows } = await admin.query<{ id: string; changed: string }>(
      `SELECT id, changed::text FROM ${schema}.customers`,
    );
    const stamp = new Map(rows.map((r) => [r.id, BigInt(r.changed)]));
    expect(stamp.get(early.id)).toBeLessThan(stamp.get(late.id) ?? 0n);
  });

  it('agrees with the tables after many small commits by two replicas', async () => {
    const { schema, reader, writer } = await readerAndWriter();
    const next = random(17);
    const languages = ['ko', 'ja', 'en', undefined];
    const customers: Customer[] = [];
    const live: Handoff[] = [];
    const first = await counted(reader);
    let reads = 0;
    for (let step = 0; step < 80; step++) {
      const by = next(2) ? writer : reader;
      const pick = <T>(list: T[]): T | undefined => list[next(list.length)];
      const c = pick(customers);
      const put = async (value: Customer) => {
        const at = customers.indexOf(c as Customer);
        await by.commit({ customers: [{ value, expectedVersion: value.version - 1 }] });
        customers[at] = value;
      };
      const kind = customers.length < 5 ? 0 : next(6);
      if (kind === 0) {
        const value = aCustomer({ team: pick(TEAMS) ?? 'care', language: pick(languages) });
        await by.commit({ customers: [{ value, expectedVersion: null }] });
        customers.push(value);
      } else if (kind === 1 && c) await put(bump(c, { language: pick(languages) }));
      else if (kind === 2 && c) await put(bump(c, { team: pick(TEAMS) ?? 'care' }));
      else if (kind === 3 && c && !c.erasedAt) await put(bump(c, { erasedAt: bump(c).updatedAt }));
      else if (kind === 4 && c) {
        const h = aHandoff(c.id, { to: pick(TEAMS) ?? 'care', state: 'open' });
        await by.commit({ handoffs: [{ value: h, expectedVersion: null }] });
        live.push(h);
      } else if (kind === 5 && live.length > 0) {
        const h = live.splice(next(live.length), 1)[0] as Handoff;
        const closed = bump(h, { state: 'done', closedAt: bump(h).updatedAt });
        await by.commit({ handoffs: [{ value: closed, expectedVersion: h.version }] });
      }
      if (step % 7 === 0) {
        expect(await counted(reader), `after step ${step}`).toBe(await fromTables(schema));
        reads++;
      }
    }
    expect(await counted(reader)).toBe(await fromTables(schema));
    expect(await counted(reader, ['delivery'])).toBe(await fromTables(schema, ['delivery']));
    // The control: the counts moved, so a copy that stopped at its first read would fail.
    expect(await fromTables(schema)).not.toBe(first);
    expect(reads).toBeGreaterThan(10);
  });
});
