import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/harness.js';
import type { ConnectorCall } from './fake-connector.js';
import { cardOf, cardText, IDS, type Json, pressOn, startTeams, type TeamsTest } from './helpers.js';

// The example organisation with Jae-won Kim, who speaks Korean, in Delivery.
const CONFIG = path.join(REPO, 'test/fixtures/forms/baton.config.yaml');
const REQUIRED = {
  'f.summary': 'Annual plan, 40 seats.',
  'f.goLiveDate': '2027-01-15',
  'f.keyContact': 'Min-jun Kim <mj@acme.example>',
};

/** The input with this id anywhere in a card (inside ShowCards too). */
function input(card: unknown, id: string): Json | undefined {
  let found: Json | undefined;
  const walk = (v: unknown) => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Json;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && o.id === id) found = o;
    else for (const val of Object.values(o)) walk(val);
  };
  walk(card);
  return found;
}

describe('Teams: the language is a choice, and who speaks it is shown', () => {
  let tt: TeamsTest;
  let acme: string;
  beforeEach(async () => {
    tt = await startTeams({ env: { BATON_CONFIG: CONFIG } });
    await tt.install(['tom', 'priya', 'dana', 'jae']);
    acme = (await tt.seedCustomer({ language: 'ko-KR' })).id;
    tt.connector.reset();
  });
  afterEach(() => tt.stop());

  async function openForm(target = 'delivery'): Promise<Json> {
    const before = tt.connector.calls.length;
    await tt.say('dana', `handoff Acme Corp to ${target}`);
    const reply = tt.connector.calls
      .slice(before)
      .find((c: ConnectorCall) => c.kind === 'reply' && c.conversationId?.startsWith(IDS.general));
    return cardOf(reply);
  }

  it("the form's language is a ChoiceSet of the languages Baton knows, the customer's chosen", async () => {
    const form = await openForm();
    const language = input(form, 'f.language');
    expect(language).toMatchObject({ type: 'Input.ChoiceSet', value: 'ko' });
    const choices = (language?.choices ?? []) as Array<{ title: string; value: string }>;
    expect(choices).toContainEqual({ title: 'Korean · 한국어', value: 'ko' });
    expect(choices.map((c) => c.value)).toEqual(expect.arrayContaining(['en', 'ja', 'sw']));
    expect(cardText(form)).toContain(
      'Who speaks Korean: Delivery — Jae-won Kim; Sales — nobody; Customer Care — Ji-woo Park and Min-ho Lee',
    );
  });

  it("the language chosen becomes the customer's; one never offered is refused with the form back", async () => {
    const form = await openForm();
    const forged = cardOf(await pressOn(tt, 'dana', form, 'handoff', { ...REQUIRED, 'f.language': 'xx' }));
    expect(cardText(forged)).toContain(
      '"xx" is not one of the languages offered: choose the customer\'s language from the list.',
    );
    expect(input(forged, 'f.language')?.value).toBe('ko');
    expect(await tt.t.store.listHandoffs({ to: 'delivery' })).toEqual([]);
    expect((await tt.t.store.getCustomer(acme))?.language).toBe('ko-KR');

    // Refused for another reason, the form comes back with the language chosen still chosen.
    const missing = cardOf(
      await pressOn(tt, 'dana', forged, 'handoff', { ...REQUIRED, 'f.summary': '', 'f.language': 'ja' }),
    );
    expect(cardText(missing)).toContain('Add the missing context first');
    expect(input(missing, 'f.language')?.value).toBe('ja');

    await pressOn(tt, 'dana', missing, 'handoff', REQUIRED);
    expect((await tt.t.store.getCustomer(acme))?.language).toBe('ja');
    await tt.t.advance(0);
    const card = cardText(cardOf(tt.connector.sent('post', IDS.delivery).at(-1)));
    expect(card).toContain('Japanese');
    expect(card).not.toContain('Korean');
  });

  it('the reassign picker lists speakers of the language first, labelled, under who speaks it', async () => {
    // Sent to Tom by name, so who has it (and is left out of the picker) is known.
    const form = await openForm('@tom');
    await pressOn(tt, 'dana', form, 'handoff', REQUIRED);
    await tt.t.advance(0);
    const card = cardOf(tt.connector.sent('post', 'a:1to1-29:tom').at(-1));
    const picker = input(card, 'person');
    expect(((picker?.choices ?? []) as Array<{ title: string }>).map((c) => c.title)).toEqual([
      'Jae-won Kim · speaks Korean',
      'Priya Shah',
    ]);
    expect(cardText(card)).toContain('Speaks Korean in Delivery: Jae-won Kim');
    const answer = await pressOn(tt, 'tom', card, 'reassign', { person: 'jae' }, { personal: true });
    expect(cardText(cardOf(answer))).toContain('waiting for Jae-won Kim');
    const [h] = await tt.t.store.listHandoffs({ to: 'delivery' });
    expect(h?.assignee).toBe('jae');
  });
});
