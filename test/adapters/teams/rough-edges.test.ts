import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { longestEcho } from '../../support/echo.js';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, handOver, pressOn, startTeams, type TeamsTest } from './helpers.js';

const HOUR = 3_600_000;
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('Teams: rough edges of issue 11, as the person sees them', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    // Monday 2026-11-23 15:00 in London, where Delivery works 09:00-17:30.
    tt = await startTeams();
    await tt.install(['tom', 'priya', 'dana']);
    // English customers: Tom is asked to accept them (Korean ones go to Jae, see language-routing.test.ts).
    await tt.seedCustomer({ language: 'en' });
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  async function answer(write: () => Promise<unknown>): Promise<ConnectorCall> {
    const before = tt.connector.calls.length;
    await write();
    const reply = tt.connector.calls.slice(before).find((c) => c.kind === 'reply');
    if (!reply) throw new Error('no answer');
    return reply;
  }
  const shown = (c: ConnectorCall) => (c.body.attachments ? cardText(cardOf(c)) : String(c.body.text));
  const dms = (person: string): ConnectorCall[] => tt.connector.sent('post', `a:1to1-29:${person}`);

  it('quotes 2,000 characters of gibberish back as a short excerpt with an ellipsis', async () => {
    const wall = `Zq${'xk7 '.repeat(500)}`.slice(0, 1_900);
    for (const text of [`cx ${wall}`, wall, `handoff ${wall} to delivery`, `handoff Acme Corp to ${wall}`]) {
      const said = shown(await answer(() => tt.dm('tom', text)));
      expect(said).toContain('Zqxk7 xk7');
      expect(said).toMatch(/"Zq[xk7 ]{40,58}…"/);
      expect(longestEcho(said, text), said.slice(0, 200)).toBeLessThanOrEqual(60);
    }
  });

  it('mine lists a handoff once, however many follow-ups it has pending', async () => {
    await handOver(tt);
    const mine = cardText(cardOf(await answer(() => tt.dm('tom', 'mine'))));
    expect(mine).toContain('Acme Corp: Sales → Delivery');
    expect(count(mine, 'Acme Corp')).toBe(1);
    expect(mine).toContain('Accept by Nov 24, 2026, 10:30 AM GMT (in 20 hours)');
  });

  it('a digest names a handoff once when two of its nudges fall due in one tick', async () => {
    await tt.seedCustomer({ id: 'cus_beta', name: 'Beta Ltd', aliases: [], language: 'en' });
    await handOver(tt);
    await handOver(tt, 'Beta Ltd');
    const before = dms('tom').length;
    // Baton down from Monday 15:00 to Tuesday 11:00: the 50% and the 100% nudges of both are due.
    await tt.t.advance(20 * HOUR);
    const sent = dms('tom').slice(before);
    expect(sent).toHaveLength(1);
    const digest = cardText(cardOf(sent[0]));
    expect(digest).toContain('You have 2 follow-ups due');
    expect(count(digest, 'Acme Corp is waiting')).toBe(1);
    expect(count(digest, 'Beta Ltd is waiting')).toBe(1);
  });

  it('a handoff to the team the customer is already with says so and names the next step', async () => {
    const post = await handOver(tt);
    await pressOn(tt, 'tom', cardOf(post), 'accept');
    const said = shown(await answer(() => tt.say('dana', 'handoff Acme Corp to delivery')));
    expect(said).toBe(
      'Acme Corp is already with Delivery (owner: Tom Becker). Their handoff Sales → Delivery is accepted. ' +
        'To move them on, hand over to Customer Care: `handoff Acme Corp to care`',
    );
  });
});
