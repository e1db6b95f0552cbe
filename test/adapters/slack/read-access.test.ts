import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffVia } from './helpers.js';
import { aCustomer, type SlackTest, seedCustomers, startSlackTest } from './setup.js';
import { visibleText } from './slack-client.js';

/** Oracle: the spec's rule written out by hand for the seeded customers, not the product's computation. */
describe('Slack: what a person may read follows the dashboard rule', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlackTest();
    await seedCustomers(s.t.store, [
      aCustomer(),
      aCustomer({
        id: 'cus_zen',
        name: 'Zenith Works',
        aliases: [],
        team: 'delivery',
        stage: 'delivery',
        owner: 'tom',
        postPurchase: true,
        contactDueAt: '2026-11-20T10:00:00.000Z',
        lastContactAt: '2026-11-02T10:00:00.000Z',
      }),
    ]);
  });
  afterEach(async () => {
    await s.stop();
    expect(s.fake.violations).toEqual([]);
  });

  const say = async (text: string, user: string) => {
    const { res, responseId } = await s.slack.command('/cx', text, user);
    expect(res.status).toBe(200);
    // In the acknowledgement or at the response_url: the fake keeps both as the answer.
    const a = await s.slack.answer(responseId);
    return a.blocks ? visibleText(a.blocks) : String(a.text);
  };

  it("a Marketing member cannot read a Delivery-only customer's journey; its lead and a lead of another team can", async () => {
    // Leo is in Marketing; Zenith Works is Delivery's, owned by Tom, with no handoff touching Marketing.
    const leo = await say('Zenith Works', 'U0LEO');
    expect(leo).not.toContain('Owner');
    expect(leo).toMatch(/^Only .*Delivery.* can do that/);
    expect(await say('Zenith Work', 'U0LEO')).not.toContain('Zenith Works');
    expect(await say('gaps', 'U0LEO')).not.toContain('Zenith Works');
    // Tom (Delivery), Priya (Delivery's lead) and Mia (Marketing's lead) read it.
    for (const user of ['U0TOM', 'U0PRIYA', 'U0MIA']) {
      expect(await say('Zenith Works', user), user).toContain('Owner');
      expect(await say('gaps', user), user).toContain('Zenith Works (Delivery)');
    }
    // Typo suggestions name it to those who may read it.
    expect(await say('Zenith Work', 'U0TOM')).toContain('Zenith Works');
  });

  it('did-you-mean in /handoff and /cx contact names only customers the person may read', async () => {
    const handoff = async (user: string) => {
      const { res, responseId } = await s.slack.command('/handoff', 'Zenth Works to care', user);
      expect(res.status).toBe(200);
      return String(res.json?.text ?? (await s.slack.answer(responseId)).text);
    };
    expect(await handoff('U0TOM')).toContain('Did you mean Zenith Works?');
    expect(await handoff('U0LEO')).toBe(
      'I could not find a customer called "Zenth Works". Check the spelling, or ask an admin to import customers with `baton import`.',
    );
    expect(await say('contact Zenth Works call', 'U0TOM')).toContain('Did you mean Zenith Works?');
    expect(await say('contact Zenth Works call', 'U0LEO')).not.toContain('Zenith Works');
  });

  it('a handoff in flight lets the receiving team read the customer', async () => {
    expect(await say('Acme Corp', 'U0TOM')).toMatch(/^Only /);
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    expect(await say('Acme Corp', 'U0TOM')).toContain('Sales → Delivery: open');
    expect(await say('Acme Corp', 'U0LEO')).toMatch(/^Only /);
  });
});
