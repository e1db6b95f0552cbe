import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import { REF_NS } from '../../../adapters/teams/refs.js';
import { activity, IDS, type Json, startTeams, type TeamsTest } from './helpers.js';
import { type FakeTokenService, startFakeTokenService } from './signed-tokens.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '00000000-0000-0000-0000-00000000beef';

describe('Teams with an app id: signed tokens, and only the tenants Baton serves', () => {
  let tt: TeamsTest | undefined;
  let tokens: FakeTokenService | undefined;
  afterEach(async () => {
    await tt?.stop();
    await tokens?.close();
    tt = undefined;
    tokens = undefined;
  });

  async function start(env: Record<string, string>) {
    tokens = await startFakeTokenService();
    const settings = tokens.settings;
    tt = await startTeams({
      // The check's token request fails at once on a port fetch refuses, never reaching Microsoft.
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        ToChannelFromBotLoginUrl: 'http://127.0.0.1:9/botframework.com',
        ...env,
      },
      adapters: async (ctx) => [await createTeamsAdapter(ctx, { authSettings: settings })],
    });
    return tt;
  }

  /** A channel message Baton reads (resource-specific consent) and answers nothing: it only learns the channel. */
  const chatter = (t: TeamsTest, tenant: string): Json =>
    activity('message-channel-rsc', t.connector.url, (a) => {
      a.text = 'good morning';
      a.from = { id: '29:tom', name: 'Tom Becker' };
      a.conversation = { isGroup: true, conversationType: 'channel', tenantId: tenant, id: IDS.delivery };
      a.channelData = { channel: { id: IDS.delivery }, team: { id: IDS.team }, tenant: { id: tenant } };
    });

  const send = (t: TeamsTest, a: Json, opts: { foreignKey?: boolean } = {}) =>
    t.post(a, { authorization: tokens?.bearer(APP_ID, String(a.serviceUrl), opts) ?? '' });

  it('single tenant: a signed activity from MicrosoftAppTenantId is served; from another tenant refused', async () => {
    const t = await start({ MicrosoftAppTenantId: IDS.tenant });
    const foreign = await send(t, chatter(t, OTHER_TENANT));
    expect(foreign.status).toBe(403);
    expect(await t.t.store.listKv(REF_NS)).toEqual([]);
    // A token signed with a key the token service never published: 401.
    expect((await send(t, chatter(t, IDS.tenant), { foreignKey: true })).status).toBe(401);
    expect(await t.t.store.listKv(REF_NS)).toEqual([]);
    // Control: the same activity from the right tenant with a good token is served.
    const ours = await send(t, chatter(t, IDS.tenant));
    expect(ours.status).toBe(200);
    expect(await t.t.store.getKv(REF_NS, IDS.delivery)).toMatchObject({ serviceUrl: t.connector.url });
    expect(t.connector.calls).toEqual([]);
  });

  it('multi-tenant: TEAMS_ALLOWED_TENANTS names the tenants served', async () => {
    const t = await start({ TEAMS_ALLOWED_TENANTS: `${OTHER_TENANT}, 00000000-0000-0000-0000-0000000000aa` });
    expect((await send(t, chatter(t, IDS.tenant))).status).toBe(403);
    expect(await t.t.store.listKv(REF_NS)).toEqual([]);
    expect((await send(t, chatter(t, OTHER_TENANT))).status).toBe(200);
    expect(await t.t.store.getKv(REF_NS, IDS.delivery)).toMatchObject({
      conversation: { tenantId: OTHER_TENANT },
    });
  });

  it('with an app id and no tenant named anywhere, nothing is served, and /readyz and check say what to set', async () => {
    const t = await start({});
    const r = await send(t, chatter(t, IDS.tenant));
    expect(r.status).toBe(403);
    expect(await t.t.store.listKv(REF_NS)).toEqual([]);
    const ready = await fetch(`${t.t.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('set MicrosoftAppTenantId or TEAMS_ALLOWED_TENANTS');
    const teams = t.t.baton.adapters.find((a) => a.name === 'teams');
    expect(((await teams?.check?.()) ?? []).join('\n')).toMatch(/serves NO tenant/);
  });

  it('/readyz is ready and check names the tenants when one is allowed', async () => {
    const t = await start({ TEAMS_ALLOWED_TENANTS: OTHER_TENANT });
    expect((await fetch(`${t.t.url}/readyz`)).status).toBe(200);
    const teams = t.t.baton.adapters.find((a) => a.name === 'teams');
    expect(((await teams?.check?.()) ?? []).join('\n')).toContain(`serving tenant ${OTHER_TENANT}`);
  });
});
