import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/domain/types.js';
import { cardOf, cardText, IDS, startTeams, submitHandoff, type TeamsTest } from './helpers.js';

const SECOND = 1_000;

async function cardDelivery(tt: TeamsTest): Promise<Delivery | undefined> {
  const all = [
    ...(await tt.t.store.listDeliveries({ status: 'pending' })),
    ...(await tt.t.store.listDeliveries({ status: 'sent' })),
    ...(await tt.t.store.listDeliveries({ status: 'failed' })),
  ];
  return all.find((d) => d.message.type === 'handoff-card' && d.target.kind === 'team');
}

describe('Teams delivery: throttling, failures, and channels Baton has not seen yet', () => {
  let tt: TeamsTest | undefined;
  afterEach(async () => {
    await tt?.stop();
    tt = undefined;
  });

  it('429 from the connector: waits for Retry-After, then posts the card once', async () => {
    tt = await startTeams();
    await tt.install(['dana']);
    await tt.seedCustomer();
    tt.connector.fail({
      when: (c) => c.kind === 'post' && c.conversationId === IDS.delivery,
      status: 429,
      headers: { 'retry-after': '30' },
    });
    await submitHandoff(tt);
    await tt.t.advance(0);
    const throttled = tt.connector.calls.filter((c) => c.conversationId === IDS.delivery);
    expect(throttled.map((c) => c.status)).toEqual([429]);
    const d = await cardDelivery(tt);
    expect(d?.status).toBe('pending');
    expect(Date.parse(d?.nextAttemptAt ?? '') - tt.t.clock.now().getTime()).toBeGreaterThanOrEqual(
      30 * SECOND,
    );

    await tt.t.advance(29 * SECOND);
    expect(tt.connector.sent('post', IDS.delivery)).toHaveLength(0);
    await tt.t.advance(2 * SECOND);
    expect(tt.connector.sent('post', IDS.delivery)).toHaveLength(1);
    await tt.t.advance(60 * SECOND);
    expect(tt.connector.sent('post', IDS.delivery)).toHaveLength(1);
    const [h] = await tt.t.store.listHandoffs({ to: 'delivery' });
    expect(await tt.t.store.listCardRefs(h?.id ?? '')).toHaveLength(1);
  });

  it('502 and 412 are retried; 403 (Baton removed from the team) fails the delivery for good', async () => {
    tt = await startTeams();
    await tt.install(['dana']);
    await tt.seedCustomer();
    tt.connector.fail({ when: (c) => c.conversationId === IDS.delivery, status: 502 });
    tt.connector.fail({ when: (c) => c.conversationId === IDS.delivery, status: 412 });
    tt.connector.fail({ when: (c) => c.conversationId === IDS.delivery, status: 403 });
    await submitHandoff(tt);
    for (let i = 0; i < 4; i++) await tt.t.advance(60 * SECOND);
    expect(tt.connector.calls.filter((c) => c.conversationId === IDS.delivery).map((c) => c.status)).toEqual([
      502, 412, 403,
    ]);
    const d = await cardDelivery(tt);
    expect(d?.status).toBe('failed');
    expect(d?.lastError).toMatch(/Teams 403/);
  });

  /** A handoff started without any Teams traffic (as a webhook would): Baton knows no conversation yet. */
  async function startQuietly(t: TeamsTest, to: { team: string } | { person: string }) {
    const c = await t.seedCustomer();
    const r = await t.t.baton.services.startHandoff({
      actor: 'dana',
      customer: { id: c.id },
      to,
      context: { summary: 'Annual plan', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(r.failure.code);
  }

  it('a channel not seen yet is posted to through TEAMS_SERVICE_URL', async () => {
    tt = await startTeams({ envFor: (url) => ({ TEAMS_SERVICE_URL: url }) });
    await startQuietly(tt, { team: 'delivery' });
    await tt.t.advance(0);
    const [post] = tt.connector.sent('post', IDS.delivery);
    expect(cardText(cardOf(post))).toContain('Acme Corp: Sales → Delivery');
    expect(post?.body.conversation).toMatchObject({ id: IDS.delivery });
  });

  it('without TEAMS_SERVICE_URL the card waits, saying why, until Baton is installed in the team', async () => {
    tt = await startTeams();
    await startQuietly(tt, { team: 'delivery' });
    await tt.t.advance(0);
    expect(tt.connector.calls).toEqual([]);
    const waiting = await cardDelivery(tt);
    expect(waiting?.status).toBe('pending');
    expect(waiting?.lastError).toMatch(/install Baton in that team, or set TEAMS_SERVICE_URL/);
    await tt.install();
    // Installing gives Baton the channel: the card goes now, not at its next try ten minutes on.
    await tt.t.advance(2 * SECOND);
    expect(tt.connector.sent('post', IDS.delivery)).toHaveLength(1);
  });

  /** A pending delivery as after about a day of tries: the next one is the dispatcher's last (MAX_ATTEMPTS, 100). */
  async function atLastAttempt(t: TeamsTest): Promise<Delivery> {
    const [d] = await t.t.store.listDeliveries({ status: 'pending' });
    if (!d) throw new Error('no pending delivery');
    const r = await t.t.store.commit({ deliveries: [{ ...d, attempts: 99 }] });
    if (!r.ok) throw new Error(r.reason);
    return d;
  }

  it('a message to a person Baton cannot reach yet outlasts the tries that fail a broken one, and goes once they talk', async () => {
    tt = await startTeams();
    await startQuietly(tt, { person: 'tom' });
    await tt.t.advance(0);
    const waiting = await atLastAttempt(tt);
    await tt.t.advance(16 * 60 * SECOND);
    expect(await tt.t.store.listDeliveries({ status: 'failed' })).toEqual([]);
    const [still] = await tt.t.store.listDeliveries({ status: 'pending' });
    expect(still).toMatchObject({ id: waiting.id, attempts: 100 });
    expect(still?.lastError).toMatch(/cannot message Tom Becker in Teams yet/);
    await tt.install(['tom']);
    await tt.t.advance(2 * SECOND);
    expect(tt.connector.sent('post', 'a:1to1-29:tom')).toHaveLength(1);
  });

  it('control: a chat Baton can reach that keeps failing is failed for good at that try', async () => {
    tt = await startTeams();
    await tt.install(['tom']);
    tt.connector.fail({ when: (c) => c.conversationId === 'a:1to1-29:tom', status: 502, times: 1_000 });
    await startQuietly(tt, { person: 'tom' });
    await tt.t.advance(0);
    const broken = await atLastAttempt(tt);
    await tt.t.advance(16 * 60 * SECOND);
    const [failed] = await tt.t.store.listDeliveries({ status: 'failed' });
    expect(failed).toMatchObject({ id: broken.id, attempts: 100 });
    expect(failed?.lastError).toMatch(/Teams 502/);
  });

  it('without TEAMS_SERVICE_URL a message to a person Baton cannot reach yet waits, saying why, until they talk to it', async () => {
    tt = await startTeams();
    await startQuietly(tt, { person: 'tom' });
    await tt.t.advance(0);
    expect(tt.connector.calls).toEqual([]);
    const [waiting] = await tt.t.store.listDeliveries({ status: 'pending' });
    expect(waiting?.target).toEqual({ kind: 'person', person: 'tom' });
    expect(waiting?.lastError).toBe(
      'cannot message Tom Becker in Teams yet: they have not installed Baton or talked to it; ask them to open Baton in Teams, or set TEAMS_SERVICE_URL',
    );
    expect(await tt.t.store.listDeliveries({ status: 'failed' })).toEqual([]);
    // Still ready (everything else goes out); /readyz names the message that waits, /metrics counts it.
    const outbox = async () => {
      const ready = await fetch(`${tt?.t.url}/readyz`);
      const body = (await ready.json()) as {
        ok: boolean;
        checks: Record<string, { ok: boolean; detail: string }>;
        warnings?: string[];
      };
      const metrics = await (await fetch(`${tt?.t.url}/metrics`)).text();
      return {
        status: ready.status,
        outbox: body.checks.outbox,
        warnings: body.warnings,
        retrying: /^baton_retrying_deliveries (\d+)$/m.exec(metrics)?.[1],
      };
    };
    const named =
      '1 delivery to teams not sent yet, tried again later: run baton check to see what keeps it back';
    expect(await outbox()).toEqual({
      status: 200,
      outbox: { ok: true, detail: named },
      warnings: [named],
      retrying: '1',
    });
    // Tom opens Baton: the message goes within seconds, not at its next try.
    await tt.install(['tom']);
    await tt.t.advance(2 * SECOND);
    const [post] = tt.connector.sent('post', 'a:1to1-29:tom');
    expect(cardText(cardOf(post))).toContain('Acme Corp');
    expect(tt.connector.sent('post', 'a:1to1-29:tom')).toHaveLength(1);
    expect(await tt.t.store.listDeliveries({ status: 'pending' })).toEqual([]);
    expect(await outbox()).toEqual({ status: 200, outbox: undefined, warnings: undefined, retrying: '0' });
  });

  it('opens a 1:1 chat in the tenant of MicrosoftAppTenantId with a person Baton has not talked to yet, and remembers it', async () => {
    tt = await startTeams({
      envFor: (url) => ({ TEAMS_SERVICE_URL: url, MicrosoftAppTenantId: IDS.tenant }),
    });
    await startQuietly(tt, { person: 'tom' });
    await tt.t.advance(0);
    const [create] = tt.connector.sent('create');
    expect(create?.body.members).toEqual([{ id: '29:tom', name: '' }]);
    expect(create?.body).toMatchObject({ tenantId: IDS.tenant, channelData: { tenant: { id: IDS.tenant } } });
    expect(tt.connector.sent('post', 'a:1to1-29:tom')).toHaveLength(1);
    expect(await tt.t.store.getKv('teams-conv', 'tom')).toMatchObject({
      conversation: { id: 'a:1to1-29:tom', tenantId: IDS.tenant },
    });
  });

  it('a reminder to someone seen only in a channel opens their 1:1 chat in the tenant they wrote from', async () => {
    tt = await startTeams();
    await tt.install();
    await tt.seedCustomer();
    await tt.say('tom', 'cx mine');
    tt.connector.reset();
    const [c] = await tt.t.store.customerNames();
    const r = await tt.t.baton.services.startHandoff({
      actor: 'dana',
      customer: { id: c?.id ?? '' },
      to: { person: 'tom' },
      context: { summary: 'Annual plan', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
      source: { kind: 'person' },
    });
    expect(r.ok).toBe(true);
    // The accept window's first nudge falls due: a reminder in a chat Baton has never had with Tom.
    for (let i = 0; i < 12 && tt.connector.sent('post', 'a:1to1-29:tom').length < 2; i++)
      await tt.t.advance(60 * 60 * SECOND);
    const creates = tt.connector.calls.filter((call) => call.kind === 'create');
    expect(creates.map((call) => call.status)).toEqual([201]);
    expect(creates[0]?.body).toMatchObject({
      tenantId: IDS.tenant,
      channelData: { tenant: { id: IDS.tenant } },
    });
    const sent = tt.connector.sent('post', 'a:1to1-29:tom').map((call) => cardText(cardOf(call)));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.join('\n')).toContain('Acme Corp');
  });

  it('control: a 1:1 chat that names no tenant is refused by Teams (400 BadSyntax), and the delivery fails for good', async () => {
    tt = await startTeams({ envFor: (url) => ({ TEAMS_SERVICE_URL: url }) });
    await startQuietly(tt, { person: 'tom' });
    await tt.t.advance(0);
    expect(tt.connector.calls.map((call) => `${call.kind} ${call.status}`)).toEqual(['create 400']);
    const failed = await tt.t.store.listDeliveries({ status: 'failed' });
    expect(failed.map((d) => d.lastError).join('\n')).toMatch(/Teams 400/);
  });

  it('paces at 7 a second a conversation and 50 a second a tenant', async () => {
    tt = await startTeams();
    const notifier = tt.t.baton.adapters.find((a) => a.name === 'teams')?.notifier;
    const keys = notifier?.pacing?.({
      delivery: {
        id: 'd',
        key: 'k',
        platform: 'teams',
        target: { kind: 'team', team: 'delivery' },
        message: { type: 'text', text: 'x' },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: '',
        createdAt: '',
      },
      rendered: { kind: 'text', text: 'x', locale: 'en' },
    });
    expect(keys).toEqual([
      { key: `teams:conv:${IDS.delivery}`, perSecond: 7 },
      { key: 'teams:tenant:default', perSecond: 50 },
    ]);
  });
});
