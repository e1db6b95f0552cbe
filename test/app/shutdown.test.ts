import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { batonSignature } from '../adapters/webhooks/support.js';
import { REPO, tempDir } from '../support/harness.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `baton start` on a free port, once its /readyz answers as Baton's does. The port is free when
 * picked but the child binds it seconds later (tsx): another test's server may take it first
 * (CI saw a fake answer every request 200), so a start that finds it taken picks another.
 */
async function startBaton(file: string, cwd: string) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const tsx = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, path.join(REPO, 'app/cli/main.ts'), 'start'], {
      cwd,
      env: {
        ...process.env,
        PORT: String(port),
        BATON_DATA_FILE: file,
        BATON_PLAYGROUND: 'off',
        BATON_WEBHOOK_SECRET: 'shutdown-secret',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const base = `http://127.0.0.1:${port}`;
    // Started through tsx, so a loaded machine may take many seconds: wait for it (or its exit).
    const isBaton = () =>
      fetch(`${base}/readyz`).then(
        async (r) => 'checks' in ((await r.json().catch(() => ({}))) as object),
        () => false,
      );
    for (let i = 0; i < 900 && !gone; i++) {
      if (await isBaton()) return { child, base, exited, stderr: () => stderr };
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!gone) child.kill('SIGKILL');
    await exited;
    if (attempt >= 3 || !stderr.includes('EADDRINUSE'))
      throw new Error(`baton start did not come up:\n${stderr}`);
  }
}

describe('baton start, stopped with SIGTERM', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => tmp.cleanup());

  it('answers what it accepted, exits 0, releases the data file and keeps every confirmed change', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    const { child, base, exited, stderr } = await startBaton(file, tmp.dir);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify({
        id: `evt_shutdown_${i}`,
        type: 'purchase.completed',
        occurredAt: '2026-11-23T10:00:00Z',
        customer: { id: `crm-${i}`, name: `Shutdown Co ${i}` },
        context: { summary: 'x', goLiveDate: '2027-01-15', keyContact: 'Ana' },
      });
      const r = await fetch(`${base}/hooks/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-baton-signature': batonSignature(body, 'shutdown-secret'),
        },
        body,
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    child.kill('SIGTERM');
    expect(await exited, stderr()).toBe(0);
    // The lock is released: the file opens, with every accepted event in it.
    const store = await openLowdbStore({ file });
    try {
      for (let i = 0; i < 5; i++) expect(await store.getInbound('events', `evt_shutdown_${i}`)).toBeDefined();
    } finally {
      await store.close();
    }
  }, 150_000);
});
