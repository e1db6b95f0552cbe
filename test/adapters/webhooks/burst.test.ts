import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { tempDir } from '../../support/harness.js';
import { FIXTURES, postEvent, purchaseEvent, startWebhookBaton, type WebhookBaton } from './support.js';

let t: WebhookBaton | undefined;
let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await tmp?.cleanup();
});

/** The webhook fixture's config with three people taking delivery's queue, not one. */
async function threeDeliveryWorkers(): Promise<string> {
  tmp = await tempDir('baton-burst-');
  const doc = YAML.parse(await readFile(path.join(FIXTURES, 'baton.config.yaml'), 'utf8'));
  for (const [key, slack] of [
    ['ana', 'U0ANA'],
    ['ben', 'U0BEN'],
  ] as const) {
    doc.people[key] = { ...doc.people.tom, name: key.toUpperCase(), slack, teams: `29:${key}` };
  }
  const file = path.join(tmp.dir, 'baton.config.yaml');
  await writeFile(file, YAML.stringify(doc));
  return file;
}

const customer = (i: number) => ({
  id: `crm-burst-${i}`,
  name: `Burst ${i} Ltd`,
  contacts: [{ name: `Pat ${i}`, email: `pat@burst${i}.example` }],
});

describe('a burst of webhook events, settled side by side', () => {
  it('gives round-robin turns in order, and one customer’s events land in the order they came', async () => {
    t = await startWebhookBaton({ env: { BATON_CONFIG: await threeDeliveryWorkers() } });
    const N = 30;
    for (let i = 0; i < N; i++) {
      const r = await postEvent(t, purchaseEvent({ id: `evt_burst_${i}`, customer: customer(i) }));
      expect(r.status).toBe(202);
    }
    // Three renames of one customer, after its purchase: the last one sent must be the name kept.
    // (A millisecond apart: events are claimed by when they were received.)
    for (const n of [1, 2, 3]) {
      t.clock.advance(1);
      const r = await postEvent(t, {
        id: `evt_rename_${n}`,
        type: 'customer.updated',
        occurredAt: '2026-11-23T10:00:00Z',
        customer: { ...customer(7), name: `Burst 7 renamed ${n}` },
      });
      expect(r.status).toBe(202);
    }
    await t.advance(1_000);
    expect((await t.store.stats()).pendingInbound).toBe(0);

    const live = await t.store.listHandoffs({ to: 'delivery' });
    expect(live).toHaveLength(N);
    const turns = new Map<string, number>();
    for (const h of live) turns.set(h.assignee ?? '-', (turns.get(h.assignee ?? '-') ?? 0) + 1);
    // Side by side, every pick still sees the ones made before it: ten each, nobody twice in a row.
    expect(Object.fromEntries(turns)).toEqual({ tom: 10, ana: 10, ben: 10 });

    const renamed = await t.store.findCustomerByExternalId('crm', 'crm-burst-7');
    expect(renamed?.name).toBe('Burst 7 renamed 3');
    const history = await t.store.history(renamed?.id ?? '');
    const updates = history.flatMap((e) =>
      e.kind === 'audit' && e.entry.action === 'customer.updated' ? [e.entry.details?.eventId] : [],
    );
    expect(updates).toEqual(['evt_rename_1', 'evt_rename_2', 'evt_rename_3']);
  });
});
