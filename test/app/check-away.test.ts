import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { AWAY_NS } from '../../src/services/time-off-store.js';
import { checkExample } from '../support/cli.js';
import { tempDir } from '../support/harness.js';

/** A date well ahead, so the entries are still running whatever day the test runs. */
const UNTIL = `${new Date().getUTCFullYear() + 1}-06-30`;
const away = (backup?: string) => ({
  state: 'away',
  until: UNTIL,
  ...(backup ? { backup } : {}),
  by: 'priya',
  at: new Date().toISOString(),
});

describe('baton check: people away', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir('baton-check-away-');
  });
  afterEach(async () => tmp.cleanup());

  async function check(entries: Record<string, unknown>): Promise<string[]> {
    const file = path.join(tmp.dir, 'baton.json');
    const store = await openLowdbStore({ file });
    const kv = Object.entries(entries).map(([key, value]) => ({ ns: AWAY_NS, key, value }));
    if (kv.length > 0) expect((await store.commit({ kv })).ok).toBe(true);
    await store.close();
    const r = await checkExample(file, tmp.dir);
    return r.stdout.split('\n').filter((l) => / away: /.test(l));
  }

  it('names who is away until when, and who is asked instead', async () => {
    expect(await check({ tom: away('jae') })).toEqual([
      `ok   away: Tom Becker until ${UNTIL}; Jae-won Kim is asked instead`,
    ]);
  });

  it('warns when nobody is left to stand in: the backup is away and is the lead', async () => {
    // Priya leads Delivery: away without a backup, nobody stands in for her, nor for Tom after her.
    const lines = await check({ tom: away('priya'), priya: away() });
    expect(lines).toHaveLength(2);
    for (const [i, name] of ['Priya Shah', 'Tom Becker'].entries())
      expect(lines[i]).toMatch(
        new RegExp(
          `^warn away: ${name} until ${UNTIL}, and nobody stands in .*name a backup who is not away`,
        ),
      );
  });

  it('control: says nobody is away when nobody is', async () => {
    expect(await check({})).toEqual(['ok   away: nobody today']);
  });
});
