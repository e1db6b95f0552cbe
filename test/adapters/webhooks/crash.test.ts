import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../../support/harness.js';
import {
  batonSignature,
  post,
  postEvent,
  purchaseEvent,
  startWebhookBaton,
  type WebhookBaton,
} from './support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function started(opts: Parameters<typeof startWebhookBaton>[0]): Promise<WebhookBaton> {
  const t = await startWebhookBaton(opts);
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await t.stop();
  });
  return Object.assign(t, {
    stop: async () => {
      stopped = true;
      await t.baton.stop();
    },
  });
}

const events = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    purchaseEvent({ id: `evt_crash_${i}`, customer: { id: `crm-${i}`, name: `Customer ${i}` } }),
  );

describe('a crash between acceptance and processing loses nothing', () => {
  it('processes on the next start what was accepted before a stop (lowdb file)', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');
    // As if Baton died right after its 202s: nothing processed yet.
    const first = await started({ store: { file }, processOnAccept: false });
    for (const e of events(5)) expect((await postEvent(first, e)).status).toBe(202);
    expect((await first.store.stats()).pendingInbound).toBe(5);
    await first.stop();

    const second = await started({ store: { file } });
    await second.advance(1_000);
    expect(await second.store.stats()).toMatchObject({ pendingInbound: 0, handoffs: 5, customers: 5 });
    // The sender's retry after the crash is still known.
    expect((await postEvent(second, events(1)[0])).status).toBe(200);
  });

  it('survives kill -9 right after the 202s: one handoff each after the restart', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'baton.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO, 'test/adapters/webhooks/crash-child.ts'), file],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = line.match(/^ready (\d+)$/);
        if (m?.[1]) resolve(m[1]);
      });
      void exited.then(() => reject(new Error(`child exited: ${stderr}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    for (const e of events(8)) {
      const body = JSON.stringify(e);
      expect(
        (await post(url, '/hooks/events', body, { 'x-baton-signature': batonSignature(body) })).status,
      ).toBe(202);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const t = await started({ store: { file } });
    await t.advance(1_000);
    expect(await t.store.stats()).toMatchObject({ pendingInbound: 0, handoffs: 8 });
    for (let i = 0; i < 8; i++) {
      const inbound = await t.store.getInbound('events', `evt_crash_${i}`);
      expect(inbound?.status).toBe('processed');
      expect(await t.store.listHandoffs({ customerId: inbound?.customerId ?? '' })).toHaveLength(1);
    }
    for (const e of events(8)) expect((await postEvent(t, e)).status).toBe(200);
  });
});

describe('a crash between the handoff and the processed mark makes no second handoff', () => {
  /** Puts the stored event back to pending with its payload: the state a crash right after the handoff commit leaves. */
  async function rewind(
    t: WebhookBaton,
    id: string,
    pending: Awaited<ReturnType<WebhookBaton['store']['getInbound']>>,
  ) {
    if (!pending) throw new Error('no pending event captured');
    const r = await t.store.commit({
      inbound: [{ value: { ...pending, status: 'pending' }, expectExisting: true }],
    });
    expect(r.ok).toBe(true);
    expect((await t.store.getInbound('events', id))?.status).toBe('pending');
  }

  it('finds the handoff the event already started', async () => {
    const t = await started({ processOnAccept: false });
    await postEvent(t, purchaseEvent());
    const pending = await t.store.getInbound('events', 'evt_123');
    await t.advance(1_000);
    await rewind(t, 'evt_123', pending);
    await t.advance(61_000);
    expect((await t.store.stats()).handoffs).toBe(1);
    expect(await t.store.getInbound('events', 'evt_123')).toMatchObject({
      status: 'processed',
      outcome: expect.stringContaining('already done'),
    });
  });

  it('finds the note the event already added to the open card', async () => {
    const t = await started({ processOnAccept: false });
    await postEvent(t, purchaseEvent({ id: 'won_1', type: 'stage.changed', stage: 'closedwon' }));
    await t.advance(1_000);
    await postEvent(t, purchaseEvent({ id: 'won_2', type: 'stage.changed', stage: 'closedwon' }));
    const pending = await t.store.getInbound('events', 'won_2');
    await t.advance(1_000);
    await rewind(t, 'won_2', pending);
    await t.advance(61_000);
    const [h] = await t.store.listHandoffs({});
    expect(h?.notes).toHaveLength(1);
  });
});
