import { afterEach, describe, expect, it } from 'vitest';
import { HistoryFiles } from '../../../adapters/store/lowdb/history-files.js';
import { historyLines } from '../../../adapters/store/lowdb/history-lines.js';
import { HistoryWriter } from '../../../adapters/store/lowdb/history-writer.js';
import { anAudit } from './builders.js';
import { captureLogger, tempDataFile } from './lowdb-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Whether `p` settles within a few turns of the event loop. */
async function settlesSoon(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => {
    done = true;
  });
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
}

describe("file store: a customer's history read waits only for that customer's commits", () => {
  it('reads one customer at once while another customer’s history waits for its journal line', async () => {
    const data = await tempDataFile();
    cleanups.push(data.remove);
    const files = new HistoryFiles(data.dir, captureLogger(), true);
    await files.open();
    // The journal line of commit 1 is not durable yet: its history cannot be written.
    let durable: () => void = () => {};
    const gate = new Promise<void>((r) => {
      durable = r;
    });
    const writer = new HistoryWriter(
      files,
      () => gate,
      0,
      () => {},
    );
    const entry = anAudit('cus-busy');
    writer.enqueue(1, historyLines([{ kind: 'audit', at: entry.at, entry }]));

    // Control: the whole writer is behind, as it is under a stream of Accepts.
    expect(await settlesSoon(writer.caughtUp())).toBe(false);
    // A look-up of someone else is not held back by it.
    expect(await settlesSoon(writer.caughtUpFor('cus-quiet'))).toBe(true);
    // The customer with history on its way waits for it, and then reads it.
    const busy = writer.caughtUpFor('cus-busy');
    expect(await settlesSoon(busy)).toBe(false);
    durable();
    await busy;
    expect((await files.read('cus-busy')).map((e) => e.entry.id)).toEqual([entry.id]);
    // Once written, nothing is waited for.
    expect(await settlesSoon(writer.caughtUpFor('cus-busy'))).toBe(true);
  });
});
