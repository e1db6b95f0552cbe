import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { aHandoff } from '../adapters/store/builders.js';
import { runCli } from '../support/cli.js';
import { REPO, tempDir } from '../support/harness.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

describe('baton check: the store', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  const config = path.join(REPO, 'baton.config.example.yaml');
  beforeEach(async () => {
    tmp = await tempDir('baton-check-store-');
  });
  afterEach(async () => tmp.cleanup());

  const check = (env: Record<string, string | undefined>) =>
    runCli(['check'], {
      cwd: tmp.dir,
      env: {
        BATON_CONFIG: config,
        BATON_HANDOFFS: path.join(REPO, 'handoffs'),
        DATABASE_URL: undefined,
        ...env,
      },
    });

  it('control: a readable data file is reported with what it holds, and check passes', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    const store = await openLowdbStore({ file });
    await seedCustomers(
      store,
      aCustomer('acme', 'Acme Corp', 'care'),
      aCustomer('globex', 'Globex', 'sales'),
    );
    // One waiting to be accepted, one accepted: only the first is "not yet accepted".
    const waiting = aHandoff('acme', { state: 'open' });
    const accepted = aHandoff('globex', { state: 'accepted', acceptedAt: '2026-11-20T10:00:00.000Z' });
    expect(
      await store.commit({
        handoffs: [waiting, accepted].map((value) => ({ value, expectedVersion: null })),
      }),
    ).toEqual({ ok: true });
    await store.close();
    const r = await check({ BATON_DATA_FILE: file });
    expect(r.stdout).toContain(
      `ok   store: data file ${file} (BATON_DATA_FILE): 2 customers, handoffs not yet accepted: 1`,
    );
    expect(r.code, r.stdout).toBe(0);
  });

  it('fails on a damaged data file, naming it, the cause and the fix', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    await writeFile(file, '{"customers": {"cus_acme": ');
    const r = await check({ BATON_DATA_FILE: file });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain(`FAIL store: cannot open the data file ${file} (BATON_DATA_FILE):`);
    expect(r.stdout).toContain('DATA_FILE_CORRUPT');
    expect(r.stdout).toMatch(/Restore it from a backup/);
    expect(r.stdout).not.toContain('ok   store');
    // Config and playbooks are still checked and reported.
    expect(r.stdout).toContain('ok   config');
  });

  it('fails when the data file is a folder', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    await mkdir(file);
    const r = await check({ BATON_DATA_FILE: file });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain(`FAIL store: cannot open the data file ${file} (BATON_DATA_FILE):`);
    expect(r.stdout).toMatch(/that it is a file|not a folder/);
  });

  it('fails when PostgreSQL cannot be reached, naming the URL without its password', async () => {
    const port = await closedPort();
    const r = await check({ DATABASE_URL: `postgres://baton:s3cret-pw@127.0.0.1:${port}/baton` });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain(
      `FAIL store: cannot open the PostgreSQL postgres://baton:***@127.0.0.1:${port}/baton (DATABASE_URL):`,
    );
    expect(r.stdout).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port}`);
    expect(r.stdout).toMatch(/Start the server or fix the host and port in DATABASE_URL/);
    expect(`${r.stdout}${r.stderr}`).not.toContain('s3cret-pw');
  });
});
