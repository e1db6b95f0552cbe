import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from './fake-connector.js';
import { activity, cardOf, cardText, IDS, startTeams, type TeamsTest } from './helpers.js';

describe('Teams: every reader is a configured person, reading what the dashboard rule allows', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    tt = await startTeams();
    await tt.install();
    await tt.seedCustomer();
    await tt.seedCustomer({
      id: 'cus_zen',
      name: 'Zenith Works',
      aliases: [],
      team: 'delivery',
      stage: 'delivery',
      owner: 'tom',
      postPurchase: true,
      contactDueAt: '2026-11-20T10:00:00.000Z',
      lastContactAt: '2026-11-02T10:00:00.000Z',
    });
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  const shown = (c: ConnectorCall) => (c.body.attachments ? cardText(cardOf(c)) : String(c.body.text));

  async function answer(write: () => Promise<unknown>): Promise<string> {
    const before = tt.connector.calls.length;
    await write();
    const reply = tt.connector.calls.slice(before).find((c) => c.kind === 'reply');
    if (!reply) throw new Error('no answer');
    return shown(reply);
  }

  const stranger = (text: string) =>
    tt.post(
      activity('message-personal', tt.connector.url, (a) => {
        a.from = { id: '29:stranger', name: 'Eve', aadObjectId: '00000000-0000-0000-0000-0000000000ee' };
        a.text = text;
        a.conversation = { conversationType: 'personal', tenantId: IDS.tenant, id: 'a:1to1-29:stranger' };
      }),
    );

  it('someone not in the config is told how to be added when they install Baton', async () => {
    const hello = await answer(() =>
      tt.post(
        activity('installation-update-personal', tt.connector.url, (a) => {
          a.from = { id: '29:stranger' };
          a.conversation = { conversationType: 'personal', tenantId: IDS.tenant, id: 'a:1to1-29:stranger' };
        }),
      ),
    );
    expect(hello).toContain('your Teams id is 29:stranger');
    expect(hello).toContain('cx mine');
  });

  it('someone not in the config gets the unknown-user answer to every command, and no customer data', async () => {
    // Control: a configured admin reads the customer.
    expect(await answer(() => tt.dm('dana', 'cx Acme Corp'))).toContain('Stage');
    for (const text of [
      'cx Acme Corp',
      'Acme Corp',
      'cx Acme Crop',
      'gaps',
      'cx gaps',
      'mine',
      'help',
      'cx Zenith',
    ]) {
      const said = await answer(() => stranger(text));
      expect(said, text).toContain("You are not in Baton's config");
      expect(said, text).toContain('your Teams id is 29:stranger');
      // The help's example names Acme Corp; the customer's card (stage, owner, language) must not show.
      expect(said, text).not.toMatch(/Zenith|Stage|Owner|Korean/);
    }
  });

  it("a Marketing member cannot read a Delivery-only customer's journey; leads and Delivery can", async () => {
    const leo = await answer(() => tt.dm('leo', 'cx Zenith Works'));
    expect(leo).toMatch(/^Only .*Delivery.* can do that/);
    expect(leo).not.toContain('Stage');
    expect(await answer(() => tt.say('leo', 'cx Zenith Work'))).not.toContain('Zenith Works');
    expect(await answer(() => tt.dm('leo', 'gaps'))).not.toContain('Zenith Works');
    for (const p of ['tom', 'priya', 'mia']) {
      expect(await answer(() => tt.dm(p, 'cx Zenith Works')), p).toContain('Stage');
      expect(await answer(() => tt.dm(p, 'gaps')), p).toContain('Zenith Works');
    }
    expect(await answer(() => tt.dm('tom', 'cx Zenith Work'))).toContain('Zenith Works');
    // The same in handoff and contact: suggestions only to those who may read the customer.
    expect(await answer(() => tt.dm('tom', 'handoff Zenth Works to care'))).toContain(
      'Did you mean Zenith Works?',
    );
    expect(await answer(() => tt.dm('leo', 'handoff Zenth Works to care'))).not.toContain('Zenith Works');
    expect(await answer(() => tt.dm('tom', 'contact Zenth Works call'))).toContain(
      'Did you mean Zenith Works?',
    );
    expect(await answer(() => tt.dm('leo', 'contact Zenth Works call'))).not.toContain('Zenith Works');
  });
});
