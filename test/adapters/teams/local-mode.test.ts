import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import { REF_NS } from '../../../adapters/teams/refs.js';
import type { Logger } from '../../../src/log.js';
import { activity, IDS, type Json, startTeams, type TeamsTest } from './helpers.js';

/**
 * Without MicrosoftAppId no token is checked, so Baton serves only the
 * local Playground. A "remote" sender is a stand-in peer address; an
 * attacker's connector is `http://0.0.0.0:<fake connector port>/`: not a
 * loopback address by Baton's rule, yet on this machine it reaches the fake
 * connector, so a post that should not happen would be seen, and no traffic
 * ever leaves loopback.
 */
describe('Teams without an app id: the local Playground only', () => {
  let tt: TeamsTest | undefined;
  afterEach(async () => {
    await tt?.stop();
    tt = undefined;
  });

  const warnings: string[] = [];
  const log = {
    child: () => log,
    warn: (_o: unknown, msg?: string) => {
      const o = _o as { reason?: string; error?: string };
      warnings.push(`${msg ?? ''} ${o?.reason ?? o?.error ?? ''}`);
    },
    error: (_o: unknown, msg?: string) => {
      const o = _o as { reason?: string; error?: string };
      warnings.push(`${msg ?? ''} ${o?.reason ?? o?.error ?? ''}`);
    },
    info: () => {},
    debug: () => {},
    trace: () => {},
    fatal: () => {},
  } as unknown as Logger;

  let peer = '203.0.113.9';
  async function start(env: Record<string, string> = {}, envFor?: (url: string) => Record<string, string>) {
    warnings.length = 0;
    peer = '127.0.0.1';
    tt = await startTeams({
      env,
      log,
      ...(envFor ? { envFor } : {}),
      adapters: async (ctx) => [await createTeamsAdapter(ctx, { peerOf: () => peer })],
    });
    await tt.install(['dana']);
    const c = await tt.seedCustomer();
    tt.connector.reset();
    return c;
  }

  /** A handoff started as a webhook would: no Teams traffic. */
  async function handOver(t: TeamsTest, to: { team: string } | { person: string }) {
    const [c] = await t.t.store.customerNames();
    const r = await t.t.baton.services.startHandoff({
      actor: 'dana',
      customer: { id: c?.id ?? '' },
      to,
      context: { summary: 'Annual plan', goLiveDate: '2027-01-15', keyContact: 'Min-jun Kim' },
      source: { kind: 'person' },
    });
    if (!r.ok) throw new Error(r.failure.code);
  }

  const attackerUrl = (t: TeamsTest) => t.connector.url.replace('127.0.0.1', '0.0.0.0');
  const dmFrom = (text: string, serviceUrl: string): Json =>
    activity('message-personal', serviceUrl, (a) => {
      a.from = { id: '29:dana', name: 'Dana Reyes' };
      a.text = text;
      a.conversation = { conversationType: 'personal', tenantId: IDS.tenant, id: 'a:1to1-29:dana' };
    });

  it('a forged admin command from another machine is refused before it runs, and says how to fix it', async () => {
    const acme = await start();
    const refsBefore = await tt!.t.store.listKv(REF_NS);
    peer = '203.0.113.9';
    const forget = dmFrom(`cx forget ${acme.id} --confirm`, tt!.connector.url);
    const r = await tt!.post(forget);
    expect(r.status).toBe(403);
    expect((await tt!.t.store.getCustomer(acme.id))?.erasedAt).toBeUndefined();
    expect(tt!.connector.calls).toEqual([]);
    expect(await tt!.t.store.listKv(REF_NS)).toEqual(refsBefore);
    expect(warnings.join('\n')).toMatch(/203\.0\.113\.9 refused: .*set MicrosoftAppId/);

    // The same request from this machine is a command: the control that the refusal is the peer's.
    peer = '::ffff:127.0.0.1';
    const ask = await tt!.post(dmFrom('cx Acme Corp', tt!.connector.url));
    expect(ask.status).toBe(200);
    expect(tt!.connector.sent('reply')).toHaveLength(1);
  });

  it('a request through a proxy or tunnel (X-Forwarded-For) is not taken as local', async () => {
    const acme = await start();
    const r = await tt!.post(dmFrom(`cx forget ${acme.id} --confirm`, tt!.connector.url), {
      'x-forwarded-for': '198.51.100.4',
    });
    expect(r.status).toBe(403);
    expect((await tt!.t.store.getCustomer(acme.id))?.erasedAt).toBeUndefined();
    expect(tt!.connector.calls).toEqual([]);
  });

  it('an activity naming a connector off this machine gets nothing posted there', async () => {
    await start();
    const r = await tt!.post(dmFrom('cx Acme Corp', attackerUrl(tt!)));
    expect(r.status).toBe(403);
    expect(tt!.connector.calls).toEqual([]);
    expect(warnings.join('\n')).toMatch(/serviceUrl http:\/\/0\.0\.0\.0:\d+\/ refused: .*set MicrosoftAppId/);
    expect(await tt!.t.store.listKv(REF_NS)).not.toContainEqual(
      expect.objectContaining({ value: expect.objectContaining({ serviceUrl: attackerUrl(tt!) }) }),
    );
  });

  it('a fake channel message cannot move the Delivery channel: the next card goes to the real connector', async () => {
    await start();
    const before = await tt!.t.store.getKv(REF_NS, IDS.team);
    const fake = activity('message-channel-rsc', attackerUrl(tt!), (a) => {
      a.text = 'hello';
      a.conversation = { isGroup: true, conversationType: 'channel', tenantId: IDS.tenant, id: IDS.delivery };
      a.channelData = { channel: { id: IDS.delivery }, team: { id: IDS.team }, tenant: { id: IDS.tenant } };
    });
    expect((await tt!.post(fake)).status).toBe(403);
    peer = '203.0.113.9';
    expect((await tt!.post({ ...fake, serviceUrl: tt!.connector.url })).status).toBe(403);
    expect(await tt!.t.store.getKv(REF_NS, IDS.delivery)).toBeUndefined();
    expect(await tt!.t.store.getKv(REF_NS, IDS.team)).toEqual(before);

    peer = '127.0.0.1';
    await handOver(tt!, { team: 'delivery' });
    await tt!.t.advance(0);
    const posted = tt!.connector.sent('post', IDS.delivery);
    expect(posted).toHaveLength(1);
    expect(tt!.connector.calls.every((call) => call.status < 500)).toBe(true);
  });

  it('posts nowhere but loopback: a TEAMS_SERVICE_URL off this machine fails the delivery, naming the fix', async () => {
    await start({}, (url) => ({ TEAMS_SERVICE_URL: url.replace('127.0.0.1', '0.0.0.0') }));
    await handOver(tt!, { person: 'tom' });
    await tt!.t.advance(0);
    expect(tt!.connector.calls).toEqual([]);
    const teams = tt!.t.baton.adapters.find((a) => a.name === 'teams');
    expect(((await teams?.check?.()) ?? []).join('\n')).toMatch(
      /TEAMS_SERVICE_URL http:\/\/0\.0\.0\.0:\d+\/ is not on this machine/,
    );
    const failed = await tt!.t.store.listDeliveries({ status: 'failed' });
    expect(failed.map((d) => d.lastError).join('\n')).toMatch(
      /not posting to http:\/\/0\.0\.0\.0.*set MicrosoftAppId/,
    );
  });
});
