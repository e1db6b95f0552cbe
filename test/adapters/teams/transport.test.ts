import { afterEach, describe, expect, it } from 'vitest';
import { REF_NS } from '../../../adapters/teams/refs.js';
import { activity, IDS, startTeams, type TeamsTest } from './helpers.js';

describe('Teams transport: POST /api/messages', () => {
  let tt: TeamsTest | undefined;
  afterEach(async () => {
    await tt?.stop();
    tt = undefined;
  });

  describe('with MicrosoftAppId set', () => {
    const env = {
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
    };

    it.each([
      ['no Authorization header', {}],
      ['a garbage token', { authorization: 'Bearer garbage' }],
      ['a token that is not a JWT', { authorization: 'Bearer aaa.bbb.ccc' }],
      ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ])('refuses %s with 401, offline and fast, and changes nothing', async (_name, headers) => {
      tt = await startTeams({ env });
      const started = Date.now();
      const r = await tt.post(activity('message-personal', tt.connector.url), headers);
      expect(r.status).toBe(401);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(tt.connector.calls).toEqual([]);
      expect(await tt.t.store.listKv(REF_NS)).toEqual([]);
    });

    it('refuses a card action without a token too', async () => {
      tt = await startTeams({ env });
      const r = await tt.post(activity('invoke-adaptive-card-action', tt.connector.url));
      expect(r.status).toBe(401);
    });
  });

  describe('without an app id (Playground, local)', () => {
    it('answers 400 to a body that is not an activity, and never 5xx', async () => {
      tt = await startTeams();
      for (const body of ['{not json', '[]', '"text"', '{}', '{"type": 7}']) {
        const res = await fetch(`${tt.t.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(res.status, body).toBe(400);
      }
    });

    it('answers 413 to a body over the limit', async () => {
      tt = await startTeams();
      const res = await fetch(`${tt.t.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(res.status).toBe(413);
    });

    it('learns the team and 1:1 conversations on install, forgets them on removal, and says so in check', async () => {
      tt = await startTeams();
      const adapter = tt.t.baton.adapters.find((a) => a.name === 'teams');
      const before = (await adapter?.check?.()) ?? [];
      expect(before.join('\n')).toMatch(/Sales \(sales\) channel .* NOT reachable yet/);
      expect(before.join('\n')).toMatch(/no 1:1 chat yet with .*Tom Becker \(tom\)/);

      await tt.install(['tom']);
      const keys = (await tt.t.store.listKv(REF_NS)).map((r) => r.key).sort();
      expect(keys).toEqual([IDS.team, 'tom']);
      const after = ((await adapter?.check?.()) ?? []).join('\n');
      expect(after).toMatch(/Sales \(sales\) channel .* reachable/);
      expect(after).toMatch(/Delivery \(delivery\) channel 19:delivery@thread.tacv2 reachable/);
      expect(after).not.toMatch(/Tom Becker/);
      // A first install of the 1:1 chat says hello with the help.
      expect(tt.connector.sent(undefined, 'a:1to1-29:tom')).toHaveLength(1);

      const removed = activity('installation-update-personal', tt.connector.url, (a) => {
        a.action = 'remove';
        a.from = { id: '29:tom' };
        a.conversation = { conversationType: 'personal', tenantId: IDS.tenant, id: 'a:1to1-29:tom' };
      });
      expect((await tt.post(removed)).status).toBe(200);
      expect((await tt.t.store.listKv(REF_NS)).map((r) => r.key)).toEqual([IDS.team]);
    });
  });
});
