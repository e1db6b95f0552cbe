import { describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../../adapters/store/postgres/postgres-store.js';
import { mergeJourneyPatch } from '../../../src/analytics/fact.js';
import { startPatch } from './contract/journey-kv.js';
import { replicaSet, serverAnswers } from './postgres-replicas.js';

/** The PostgreSQL store answers the dashboard's journey reads from a cache of its own process. */
const server = await serverAnswers();
const { admin, readerAndWriter, slowWriter } = replicaSet();

const handoffIds = async (s: PostgresStore) => (await s.journeyFacts({})).map((f) => f.handoffId).sort();

describe.skipIf(!server)('postgres store: journey facts read through the per-process cache', () => {
  it("shows another replica's new and changed facts in this replica's reads", async () => {
    const { reader, writer } = await readerAndWriter();
    const first = startPatch();
    await writer.commit({ journey: [first] });
    expect(await handoffIds(reader)).toEqual([first.handoffId]);

    const second = startPatch({ to: 'support', week: '2031-03-10' });
    await writer.commit({
      journey: [second, { handoffId: first.handoffId, set: first.set, add: { declines: 1, reassigns: 2 } }],
    });
    const facts = await reader.journeyFacts({});
    expect(facts.map((f) => f.handoffId).sort()).toEqual([first.handoffId, second.handoffId].sort());
    const changed = facts.find((f) => f.handoffId === first.handoffId);
    expect([changed?.declines, changed?.reassigns]).toEqual([1, 2]);
    // Filters still apply to what came from the cache.
    expect((await reader.journeyFacts({ teams: ['support'] })).map((f) => f.handoffId)).toEqual([
      second.handoffId,
    ]);
    expect((await reader.journeyFacts({ fromWeek: '2031-03-04' })).map((f) => f.handoffId)).toEqual([
      second.handoffId,
    ]);
  });

  it('picks up a commit that lands after a later transaction was already read', async () => {
    const { schema, reader, writer } = await readerAndWriter();
    const early = startPatch();
    const late = startPatch();
    await reader.journeyFacts({});

    // A transaction takes its id first and commits last, as a slow replica's commit would.
    const slow = await slowWriter(schema);
    try {
      await writer.commit({ journey: [late] });
      expect(await handoffIds(reader)).toEqual([late.handoffId]);

      const fact = mergeJourneyPatch(undefined, early);
      await slow.query(
        `INSERT INTO journey_facts (handoff_id, week, to_team, from_team, data) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [fact.handoffId, fact.week, fact.to, fact.from, JSON.stringify(fact)],
      );
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    expect(await handoffIds(reader)).toEqual([early.handoffId, late.handoffId].sort());

    // The control: the early row's seq is below the late one's, so a reader
    // that went on from the highest seq it had read would never see it.
    const { rows } = await admin.query<{ handoff_id: string; seq: string }>(
      `SELECT handoff_id, seq::text FROM ${schema}.journey_facts`,
    );
    const seq = new Map(rows.map((r) => [r.handoff_id, BigInt(r.seq)]));
    const lateSeq = seq.get(late.handoffId) ?? 0n;
    expect(seq.get(early.handoffId)).toBeLessThan(lateSeq);
    const naive = await admin.query(`SELECT handoff_id FROM ${schema}.journey_facts WHERE seq > $1`, [
      lateSeq.toString(),
    ]);
    expect(naive.rows).toEqual([]);
  });

  it('gives the same facts as a fresh read of the table after many small commits', async () => {
    const { schema, reader, writer } = await readerAndWriter();
    const patches = Array.from({ length: 30 }, (_, i) =>
      startPatch({ to: i % 2 ? 'support' : 'delivery', week: i % 3 ? '2031-03-03' : '2031-03-10' }),
    );
    for (const [i, p] of patches.entries()) {
      await (i % 2 ? writer : reader).commit({ journey: [p] });
      if (i % 5 === 0) await reader.journeyFacts({});
      if (i % 4 === 0)
        await writer.commit({ journey: [{ handoffId: p.handoffId, set: p.set, add: { declines: i } }] });
    }
    const { rows } = await admin.query<{ data: { handoffId: string; declines: number } }>(
      `SELECT data FROM ${schema}.journey_facts`,
    );
    const table = new Map(rows.map((r) => [r.data.handoffId, r.data.declines]));
    const cached = new Map((await reader.journeyFacts({})).map((f) => [f.handoffId, f.declines]));
    expect(cached).toEqual(table);
    expect(cached.size).toBe(30);
    expect([...cached.values()].reduce((a, b) => a + b, 0)).toBe(0 + 4 + 8 + 12 + 16 + 20 + 24 + 28);
  });
});
