import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import type { Store } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { REPO, tempDir } from '../support/harness.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

describe('baton report gaps', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let store: Store;
  let file: string;
  beforeEach(async () => {
    tmp = await tempDir();
    file = path.join(tmp.dir, 'baton.json');
    // Held open, as a running Baton holds it: the report must read it all the same.
    store = await openLowdbStore({ file });
    const overdue = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await seedCustomers(
      store,
      aCustomer('acme', 'Acme Corp', 'care', {
        postPurchase: true,
        owner: 'minho',
        contactDueAt: overdue(2),
      }),
      aCustomer('globex', 'Globex', 'delivery', {
        postPurchase: true,
        owner: 'tom',
        contactDueAt: overdue(9),
      }),
      aCustomer('initech', 'Initech', 'care', { postPurchase: true, contactDueAt: overdue(-5) }),
      aCustomer('hooli', 'Hooli', 'sales', { contactDueAt: overdue(30) }),
    );
  });
  afterEach(async () => {
    await store.close();
    await tmp.cleanup();
  });

  it('lists post-purchase customers past their contact SLA, worst first, while Baton holds the file', async () => {
    const env = { BATON_DATA_FILE: file, BATON_CONFIG: path.join(REPO, 'baton.config.example.yaml') };
    const json = await runCli(['report', 'gaps', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout).gaps as Array<{ customer: string; owner: string | null }>;
    expect(rows.map((r) => r.customer)).toEqual(['Globex', 'Acme Corp']);
    expect(rows[0]?.owner).toBe('tom');
    const text = await runCli(['report', 'gaps'], { env });
    expect(text.stdout).toContain('2 post-purchase customers past their contact SLA');
    expect(text.stdout).toMatch(/- Globex \(Delivery\): overdue by .*; Tom Becker/);
    // The running store still works: the report took no lock and wrote nothing.
    expect((await store.commit({ kv: [{ ns: 't', key: 'k', value: 1 }] })).ok).toBe(true);
  });
});
