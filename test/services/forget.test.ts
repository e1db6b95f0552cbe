import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/domain/types.js';
import { erasedName, forgetCustomer } from '../../src/services/forget.js';
import type { Store } from '../../src/store/store.js';
import { startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

const HOUR = 3_600_000;
/** Everything personal the scenario writes about Acme, in every field Baton has for it. */
const PERSONAL = [
  'Acme Corp',
  'ACME Korea',
  'acme.example',
  'Min-jun',
  '+82 10 1234 5678',
  'hs-991',
  'budget of 40k',
  'Wrong phone',
  'after 3pm',
];

const leaks = (value: unknown) => PERSONAL.filter((p) => JSON.stringify(value).includes(p));

/** What the store returns about one customer, through every read the core has. */
async function everything(store: Store, customerId: string, handoffIds: string[]) {
  return {
    customer: await store.getCustomer(customerId),
    history: await store.history(customerId),
    live: await store.listHandoffs({ customerId }),
    handoffs: await Promise.all(handoffIds.map((id) => store.getHandoff(id))),
    followUps: await store.listFollowUps({ customerId }),
    outbox: [
      ...(await store.listDeliveries({ status: 'pending' })),
      ...(await store.listDeliveries({ status: 'failed' })),
    ],
  };
}

describe.each(['memory', 'lowdb'] as const)('forgetting a customer (%s store)', (kind) => {
  let t: TestBaton | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    await tmp?.cleanup();
  });

  async function start(slack: ReturnType<typeof recordingPlatform>, now: string) {
    tmp ??= await tempDir('baton-forget-');
    const store = kind === 'memory' ? ('memory' as const) : { file: path.join(tmp.dir, 'baton.json') };
    return startTestBaton({ adapters: async () => [slack.adapter], store, now });
  }

  it('erases the personal data everywhere in one commit, for admins only, and updates the cards', async () => {
    const slack = recordingPlatform('slack');
    // Monday 10:00 in New York, 15:00 in London.
    t = await start(slack, '2026-11-23T15:00:00Z');
    const s = t.baton.services;
    const deps = s.deps;
    await seedCustomers(
      t.store,
      aCustomer('acme', 'Acme Corp', 'marketing', {
        aliases: ['ACME Korea'],
        domain: 'acme.example',
        language: 'ko',
        externalIds: { crm: 'crm-acme', hubspot: 'hs-991' },
        contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example', phone: '+82 10 1234 5678' }],
      }),
      aCustomer('globex', 'Globex', 'sales', { contacts: [{ name: 'Hank Scorpio' }] }),
    );

    // A finished handoff (its record now lives in history) whose card is in the sales channel.
    const lead = await s.startHandoff({
      actor: 'mia',
      customer: { id: 'acme' },
      to: { team: 'sales' },
      context: { summary: 'Min-jun asked for a demo', keyContact: 'Min-jun Kim' },
      note: 'Call Min-jun after 3pm',
      source: { kind: 'person' },
    });
    if (!lead.ok) throw new Error(JSON.stringify(lead));
    await t.advance(0);
    const leadId = lead.value.handoff.id;
    expect((await s.accept({ handoffId: leadId, actor: 'sam' })).ok).toBe(true);
    const call = { handoffId: leadId, actor: 'sam', channel: 'call' as const, note: 'budget of 40k' };
    expect((await s.logHandoffContact(call)).ok).toBe(true);
    expect((await s.complete({ handoffId: leadId, actor: 'sam' })).ok).toBe(true);

    // The purchase: a live handoff to delivery, declined with a reason that names the contact.
    const sale = await s.startHandoff({
      actor: 'sam',
      customer: { id: 'acme' },
      to: { team: 'delivery' },
      context: { summary: 'Min-jun signed', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
      source: { kind: 'person' },
    });
    if (!sale.ok) throw new Error(JSON.stringify(sale));
    await t.advance(0);
    const saleId = sale.value.handoff.id;
    // The 50% nudge to Tom (17:00 London) meets a throttled Slack: it waits in the outbox.
    slack.failNext({ ok: false, error: 'ratelimited', retryAfterMs: 6 * HOUR });
    await t.advance(2 * HOUR);
    const reminder = (await t.store.listDeliveries({ status: 'pending' })).find(
      (d) => d.message.type === 'reminder',
    );
    expect(reminder).toBeDefined();
    // Declined, and not yet told anyone: the notes carrying the reason are queued.
    const declined = await s.decline({ handoffId: saleId, actor: 'tom', reason: 'Wrong phone for Min-jun' });
    expect(declined.ok).toBe(true);
    // A note that once failed for good stays in the outbox with what it said.
    const failed: Delivery = {
      id: 'dlv_failed_note',
      key: `${saleId}:old-note`,
      platform: 'slack',
      target: { kind: 'person', person: 'sam' },
      message: { type: 'note', handoffId: saleId, event: 'noted', detail: 'Min-jun prefers email' },
      status: 'failed',
      attempts: 5,
      nextAttemptAt: '2026-11-23T15:00:00.000Z',
      createdAt: '2026-11-23T15:00:00.000Z',
    };
    expect((await t.store.commit({ deliveries: [failed] })).ok).toBe(true);

    const ids = [leadId, saleId];
    const before = await everything(t.store, 'acme', ids);
    expect(leaks(before)).toEqual(PERSONAL);
    const globex = await t.store.getCustomer('globex');

    // Only an admin may erase; a refusal changes nothing.
    const refused = await forgetCustomer(deps, { customerId: 'acme', actor: 'sam', confirmed: true });
    expect(refused).toMatchObject({ ok: false, failure: { code: 'NOT_ALLOWED', vars: { roles: 'admin' } } });
    // Without the confirmation, or by name, the admin is told the exact command to type.
    const asked = await forgetCustomer(deps, { customerId: 'acme', actor: 'dana' });
    expect(asked).toEqual({
      ok: true,
      value: {
        status: 'needs-confirmation',
        customer: { id: 'acme', name: 'Acme Corp' },
        command: '/cx forget acme --confirm',
      },
    });
    const byName = await forgetCustomer(deps, { customerId: 'Acme Corp', actor: 'dana', confirmed: true });
    expect(byName.ok && byName.value.status).toBe('needs-confirmation');
    expect(await everything(t.store, 'acme', ids)).toEqual(before);

    const erased = await forgetCustomer(deps, { customerId: 'acme', actor: 'dana', confirmed: true });
    if (!erased.ok || erased.value.status !== 'erased') throw new Error(JSON.stringify(erased));
    expect(erased.value).toMatchObject({ formerName: 'Acme Corp', cancelledHandoffs: 1, updatedCards: 2 });

    const check = async () => {
      const after = await everything(t!.store, 'acme', ids);
      expect(leaks(after)).toEqual([]);
      expect(after.customer).toMatchObject({
        name: erasedName('acme'),
        aliases: [],
        contacts: [],
        externalIds: {},
        erasedAt: '2026-11-23T17:00:00.000Z',
      });
      expect(after.live).toEqual([]);
      expect(after.handoffs.map((h) => h?.state)).toEqual(['done', 'cancelled']);
      expect(after.followUps).toEqual([]);
      // The entry that records the erasure says who and when, nothing else.
      const entry = after.history.find((e) => e.kind === 'audit' && e.entry.action === 'customer.erased');
      expect(entry?.entry).toEqual({
        id: expect.any(String),
        at: '2026-11-23T17:00:00.000Z',
        actor: 'dana',
        action: 'customer.erased',
        subject: { type: 'customer', id: 'acme' },
        customerId: 'acme',
      });
      expect(await t!.store.findCustomerByEmailOrDomain('mj@acme.example')).toBeUndefined();
      expect(await t!.store.findCustomerByExternalId('hubspot', 'hs-991')).toBeUndefined();
      expect(await t!.store.getCustomer('globex')).toEqual(globex);
    };
    await check();
    expect(await s.gaps()).toEqual([]);

    // Both cards, the finished handoff's and the cancelled one's, now show the erased record.
    slack.clear();
    await t.advance(0);
    await t.advance(6 * HOUR);
    const cards = slack.sent.filter((x) => x.item.rendered.kind === 'card');
    expect(new Set(cards.map((x) => x.item.cardRef?.handoffId))).toEqual(new Set(ids));
    for (const c of cards)
      expect(c.item.rendered.kind === 'card' && c.item.rendered.card.title).toContain(erasedName('acme'));
    // Nothing sent after the erasure says anything personal, and nobody is nudged about Acme.
    expect(leaks(slack.sent.map((x) => x.item.rendered))).toEqual([]);
    expect(slack.sent.filter((x) => x.item.delivery.message.type === 'reminder')).toEqual([]);
    await t.advance(7 * 24 * HOUR);
    expect(slack.sent.filter((x) => x.item.delivery.message.type === 'reminder')).toEqual([]);

    if (kind === 'lowdb') {
      // Gone from the files as soon as the erasure was confirmed (no compaction asked for), and
      // erased still after a restart.
      expect(leaks(await filesUnder(tmp!.dir))).toEqual([]);
      await t.stop();
      t = await start(recordingPlatform('slack'), '2026-12-01T15:00:00Z');
      await check();
      expect(leaks(await filesUnder(tmp!.dir))).toEqual([]);
    }
  });
});

async function filesUnder(dir: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}
