import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import type { QueueQuery } from '../../src/store/queue.js';
import { REPO, startTestBaton, type TestBaton } from '../support/harness.js';

let baton: TestBaton | undefined;
afterEach(async () => {
  await baton?.stop();
  baton = undefined;
});

describe('start-up builds queues ahead of the first look-up', () => {
  it("builds every configured person's queue, with their team's claimable handoffs, once Baton listens", async () => {
    const store = createMemoryStore();
    const warmed: Array<Omit<QueueQuery, 'limit'>> = [];
    const warmQueues = store.warmQueues?.bind(store);
    expect(warmQueues).toBeDefined();
    store.warmQueues = async (people) => {
      warmed.push(...people);
      await warmQueues?.(people);
    };
    baton = await startTestBaton({ adapters: async () => [], store });
    await until(() => warmed.length > 0);
    // Who the example config names, read from the file rather than from Baton.
    const config = parse(await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8')) as {
      people: Record<string, { team: string }>;
    };
    const expected = Object.entries(config.people).map(([person, p]) => ({ person, team: p.team }));
    expect(expected.length).toBeGreaterThan(3);
    expect(warmed).toEqual(expected);
  });
});

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
}
