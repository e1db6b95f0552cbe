import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { checkStore } from '../../app/cli/check-store.js';
import { batonRegistry } from '../../app/registry.js';
import { parseEnv } from '../../src/config/env.js';
import { silentLogger } from '../../src/log.js';
import { tempDir } from '../support/harness.js';
import { aCustomer } from '../support/seed.js';

/**
 * What `baton check` says of the data file beside a running Baton. Before its
 * first snapshot a running Baton has no `baton.json` at all, only its journal
 * and history: the check must count what is there, not call it missing.
 */
describe('baton check, the data file of a running Baton', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => tmp?.cleanup());

  const lineFor = async (file: string) => {
    const env = parseEnv({ BATON_DATA_FILE: file }, batonRegistry);
    const r = await checkStore(env);
    await r.store?.close();
    return r.lines.map((l) => l.message).join('\n');
  };

  it('counts a running Baton’s customers before its first snapshot, and calls only a new file missing', async () => {
    tmp = await tempDir('baton-check-store-');
    const file = path.join(tmp.dir, 'baton.json');
    // The control: nothing written yet.
    expect(await lineFor(file)).toContain('does not exist yet');

    const running = await openLowdbStore({ file, logger: silentLogger });
    try {
      expect(
        (
          await running.commit({
            customers: [{ value: aCustomer('cus_1', 'Acme', 'sales'), expectedVersion: null }],
          })
        ).ok,
      ).toBe(true);
      const line = await lineFor(file);
      expect(line).not.toContain('does not exist yet');
      expect(line).toContain('1 customers');
    } finally {
      await running.close();
    }
  });
});
