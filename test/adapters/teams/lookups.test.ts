import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, startTeams, type TeamsTest } from './helpers.js';

describe('Teams: what people type never reaches plain-object look-ups or throws', () => {
  let tt: TeamsTest;
  beforeEach(async () => {
    tt = await startTeams();
    await tt.install(['dana']);
    await tt.seedCustomer();
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  async function answer(text: string): Promise<string> {
    const before = tt.connector.calls.length;
    await tt.dm('dana', text);
    const reply: ConnectorCall | undefined = tt.connector.calls.slice(before).find((c) => c.kind === 'reply');
    if (!reply) throw new Error('no answer');
    // Zero-width spaces are the escaping of outside text (`__proto__` would be bold): read as shown.
    const shown = reply.body.attachments ? cardText(cardOf(reply)) : String(reply.body.text);
    return shown.replaceAll('\u200b', '');
  }

  it('toString and constructor are neither people nor teams', async () => {
    // Control: a real person and a real team get the handoff form.
    expect(await answer('handoff Acme Corp to @tom')).toContain('Start handoff');
    expect(await answer('handoff Acme Corp to delivery')).toContain('Start handoff');
    for (const name of ['toString', 'constructor', 'hasOwnProperty'])
      expect(await answer(`handoff Acme Corp to @${name}`)).toContain(
        `I do not know anyone called "${name}"`,
      );
    for (const name of ['constructor', 'toString', '__proto__'])
      expect(await answer(`handoff Acme Corp to ${name}`)).toContain(`There is no team called "${name}"`);
  });

  it('a character reference outside Unicode is answered, not an internal error', async () => {
    // Control: a valid reference is decoded (&#65; is "A").
    expect(await answer('cx &#65;cme Corp')).toContain('Stage');
    for (const ref of ['&#99999999;', '&#x110000;', '&#55296;', '&#0;', `&#${'9'.repeat(400)};`]) {
      const text = await answer(`cx ${ref}`);
      expect(text, ref).toContain('I could not find a customer called');
      expect(text, ref).not.toMatch(/went wrong/i);
    }
  });
});
