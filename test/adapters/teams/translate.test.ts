import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AZURE_TOO_MANY,
  AZURE_UNAUTHORIZED,
  FakeAzure,
  leaksPersonal,
  PERSONAL,
} from '../../support/fake-translators.js';
import type { ConnectorCall } from './fake-connector.js';
import {
  cardOf,
  cardText,
  findAction,
  IDS,
  type InvokeBody,
  pressOn,
  startTeams,
  type TeamsTest,
} from './helpers.js';

const KOREAN = `고객 담당자 연락처는 ${PERSONAL.email}, ${PERSONAL.phone}입니다. SSO 설정이 먼저 필요합니다.`;
const TOM_DM = 'a:1to1-29:tom';

describe('Teams: the Translate button', () => {
  let tt: TeamsTest;
  let azure: FakeAzure;
  beforeEach(async () => {
    azure = await new FakeAzure().start();
  });
  afterEach(async () => {
    await tt.stop();
    await azure.close();
  });

  const withAzure = () => ({
    AZURE_TRANSLATOR_KEY: azure.key,
    AZURE_TRANSLATOR_REGION: azure.region,
    AZURE_TRANSLATOR_ENDPOINT: azure.url,
  });

  /** Dana hands Acme over with a Korean summary; the card posted in Delivery is returned. */
  async function start(env: Record<string, string>): Promise<unknown> {
    tt = await startTeams({ env });
    await tt.install(['tom', 'priya', 'dana']);
    await tt.seedCustomer();
    const before = tt.connector.calls.length;
    await tt.say('dana', 'handoff Acme Corp to delivery');
    const form = await tt.connector.waitFor(
      (c) =>
        tt.connector.calls.indexOf(c) >= before &&
        c.kind === 'reply' &&
        c.conversationId?.startsWith(IDS.general) === true,
    );
    await pressOn(tt, 'dana', cardOf(form), 'handoff', { 'f.summary': KOREAN, 'f.goLiveDate': '2027-01-15' });
    await tt.t.advance(0);
    const post = tt.connector.sent('post', IDS.delivery).at(-1);
    if (!post) throw new Error('no card in Delivery');
    return cardOf(post);
  }

  /** Tom presses Translate on the channel card: the invoke's answer, and what then reached his 1:1 chat. */
  async function translate(card: unknown): Promise<{ answer: InvokeBody; dm: ConnectorCall }> {
    const before = tt.connector.calls.length;
    const answer = await pressOn(tt, 'tom', card, 'translate');
    const dm = await tt.connector.waitFor(
      (c) => tt.connector.calls.indexOf(c) >= before && c.kind === 'post' && c.conversationId === TOM_DM,
    );
    return { answer, dm };
  }

  it('sends the translation to the clicker alone, masks addresses before they leave, and caches it', async () => {
    const card = await start(withAzure());
    expect(findAction(card, 'translate')).toBeDefined();
    const channelPosts = tt.connector.sent('post', IDS.delivery).length;

    const { answer, dm } = await translate(card);
    expect(answer.value).toBe('The translation is in your chat with Baton.');
    const text = cardText(cardOf(dm));
    expect(text).toContain('Acme Corp, in English');
    expect(text).toContain('Machine translation by Azure AI Translator');
    expect(text).toContain(`[en] 고객 담당자 연락처는 ${PERSONAL.email}, ${PERSONAL.phone}입니다.`);
    expect(azure.requests).toHaveLength(1);
    const [req] = azure.requests;
    expect(req?.target).toBe('en');
    expect(req?.headers['ocp-apim-subscription-region']).toBe('koreacentral');
    expect(leaksPersonal(azure.sent())).toBe(false);
    expect(leaksPersonal(JSON.stringify([{ Text: KOREAN }]))).toBe(true);
    // The channel got nothing new; the card there is unchanged.
    expect(tt.connector.sent('post', IDS.delivery)).toHaveLength(channelPosts);
    expect(tt.connector.sent('update', IDS.delivery)).toHaveLength(0);

    const again = await translate(card);
    expect(cardText(cardOf(again.dm))).toContain('[en] 고객 담당자');
    expect(azure.requests).toHaveLength(1);

    // Pressed in Tom's own 1:1 chat (a reminder there): the translation is the next message in it.
    const before = tt.connector.calls.length;
    const data = findAction(card, 'translate')?.data as Record<string, unknown>;
    const inDm = await tt.press('tom', 'translate', data, { personal: true });
    expect(inDm.value).toBe('The translation is in your chat with Baton.');
    const reply = await tt.connector.waitFor(
      (c) => tt.connector.calls.indexOf(c) >= before && c.kind === 'post' && c.conversationId === TOM_DM,
    );
    expect(cardText(cardOf(reply))).toContain(`[en] 고객 담당자 연락처는 ${PERSONAL.email}`);
  });

  it('a provider error (429, 401) shows the original with a short note, not an error card', async () => {
    const card = await start(withAzure());
    azure.failures = [AZURE_TOO_MANY, AZURE_UNAUTHORIZED];
    for (const status of [429, 401]) {
      const { answer, dm } = await translate(card);
      expect(answer.value).toBe('The translation is in your chat with Baton.');
      const text = cardText(cardOf(dm));
      expect(text, `after a ${status}`).toContain('Translation unavailable right now: showing the original.');
      expect(text).toContain(KOREAN);
      expect(text).not.toContain('Something went wrong');
    }
    const { dm } = await translate(card);
    expect(cardText(cardOf(dm))).toContain('[en] 고객 담당자');
  });

  it('with neither provider set, the card has no Translate button', async () => {
    const card = await start({});
    expect(cardText(card)).toContain('고객 담당자');
    expect(findAction(card, 'translate')).toBeUndefined();
    expect(azure.requests).toHaveLength(0);
  });
});
