import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import type { Customer } from '../../src/domain/types.js';
import type { PlatformAdapter } from '../../src/server/adapter.js';
import { aCustomer } from '../store/builders.js';
import { REPO, type StartOptions, startTestBaton, type TestBaton } from '../support/harness.js';
import { cardProblems } from './adaptive-cards.js';
import { type ConnectorCall, type FakeConnector, startFakeConnector } from './fake-connector.js';

export type Json = Record<string, unknown>;

export const IDS = {
  bot: '28:00000000-0000-0000-0000-0000000ba70b',
  tenant: '00000000-0000-0000-0000-0000000ba70a',
  team: '19:baton-demo@thread.tacv2',
  general: '19:baton-demo@thread.tacv2',
  delivery: '19:delivery@thread.tacv2',
  care: '19:care@thread.v2',
};

const FIXTURES = path.join(REPO, 'test/fixtures/teams');

export function fixture(name: string): Json {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Json;
}

let seq = 0;

/** A fixture with its serviceUrl pointed at the fake connector and fresh ids. */
export function activity(name: string, serviceUrl: string, patch: (a: Json) => void = () => {}): Json {
  const a = fixture(name);
  a.serviceUrl = serviceUrl;
  a.id = `${Date.now()}${++seq}`;
  patch(a);
  return a;
}

export interface TeamsTest {
  t: TestBaton;
  connector: FakeConnector;
  /** POSTs an activity to /api/messages. */
  post(a: Json, headers?: Record<string, string>): Promise<{ status: number; body: unknown; text: string }>;
  /** A person writes in a 1:1 chat with Baton. */
  dm(person: string, text: string): Promise<{ status: number; body: unknown }>;
  /** A person writes in a channel, @mentioning Baton unless `mention: false`. */
  say(
    person: string,
    text: string,
    opts?: { channel?: string; mention?: boolean; thread?: string },
  ): Promise<{ status: number; body: unknown }>;
  /** A person presses an Action.Execute button: its verb and data (inputs merged in). */
  press(
    person: string,
    verb: string,
    data: Json,
    opts?: { channel?: string; personal?: boolean; replyToId?: string },
  ): Promise<InvokeBody>;
  /** Baton installed in the demo team and in the 1:1 chats of these people. */
  install(people?: string[]): Promise<void>;
  seedCustomer(overrides?: Partial<Customer>): Promise<Customer>;
  stop(): Promise<void>;
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

export async function startTeams(
  opts: Omit<StartOptions, 'adapters'> & {
    adapters?: StartOptions['adapters'];
    /** Environment that needs the fake connector's URL (TEAMS_SERVICE_URL). */
    envFor?: (connectorUrl: string) => Record<string, string>;
  } = {},
): Promise<TeamsTest> {
  const connector = await startFakeConnector();
  const { envFor, ...rest } = opts;
  const t = await startTestBaton({
    ...rest,
    adapters: opts.adapters ?? (async (ctx): Promise<PlatformAdapter[]> => [await createTeamsAdapter(ctx)]),
    env: { ...opts.env, ...envFor?.(connector.url) },
  });
  const url = connector.url;

  async function post(a: Json, headers: Record<string, string> = {}) {
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(a),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, body, text };
  }

  const from = (person: string) => ({ id: `29:${person}`, name: person });

  return {
    t,
    connector,
    post,
    dm: (person, text) =>
      post(
        activity('message-personal', url, (a) => {
          a.from = from(person);
          a.text = text;
          a.conversation = { conversationType: 'personal', tenantId: IDS.tenant, id: `a:1to1-29:${person}` };
        }),
      ),
    say: (person, text, o = {}) =>
      post(
        activity(o.mention === false ? 'message-channel-rsc' : 'message-channel-mention', url, (a) => {
          const channel = o.channel ?? IDS.general;
          a.from = from(person);
          a.text = o.mention === false ? text : `<at>Baton</at> ${text}`;
          a.conversation = {
            isGroup: true,
            conversationType: 'channel',
            tenantId: IDS.tenant,
            id: `${channel};messageid=${o.thread ?? a.id}`,
          };
          a.channelData = { ...(a.channelData as Json), teamsChannelId: channel, channel: { id: channel } };
        }),
      ),
    async press(person, verb, data, o = {}) {
      const r = await post(
        activity('invoke-adaptive-card-action', url, (a) => {
          a.from = from(person);
          a.value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
          if (o.personal) {
            a.conversation = {
              conversationType: 'personal',
              tenantId: IDS.tenant,
              id: `a:1to1-29:${person}`,
            };
            a.channelData = { tenant: { id: IDS.tenant } };
          } else if (o.channel) {
            a.conversation = {
              isGroup: true,
              conversationType: 'channel',
              tenantId: IDS.tenant,
              id: `${o.channel};messageid=1`,
            };
            a.channelData = { ...(a.channelData as Json), channel: { id: o.channel } };
          }
          if (o.replyToId) a.replyToId = o.replyToId;
        }),
      );
      if (r.status !== 200) throw new Error(`invoke answered ${r.status}: ${r.text}`);
      return r.body as InvokeBody;
    },
    async install(people = []) {
      await post(activity('conversation-update-team-added', url));
      for (const p of people) {
        await post(
          activity('installation-update-personal', url, (a) => {
            a.from = { id: `29:${p}` };
            a.conversation = { conversationType: 'personal', tenantId: IDS.tenant, id: `a:1to1-29:${p}` };
          }),
        );
      }
    },
    async seedCustomer(overrides = {}) {
      const c = aCustomer({
        name: 'Acme Corp',
        aliases: ['Acme'],
        team: 'sales',
        stage: 'sales',
        owner: 'dana',
        postPurchase: false,
        language: 'ko',
        createdAt: t.clock.now().toISOString(),
        updatedAt: t.clock.now().toISOString(),
        ...overrides,
      });
      for (const k of ['purchasedAt', 'contactDueAt', 'lastContactAt'] as const)
        if (!(k in overrides)) delete c[k];
      const r = await t.store.commit({ customers: [{ value: c, expectedVersion: null }] });
      if (!r.ok) throw new Error(`could not seed ${c.name}`);
      return c;
    },
    async stop() {
      await t.stop();
      await connector.close();
    },
  };
}

/**
 * The Adaptive Card in a connector call's activity, or in an invoke answer;
 * checked with the Adaptive Cards parser, so every card a test looks at is
 * one Teams can show.
 */
export function cardOf(x: { body?: Json } | InvokeBody | undefined): Json {
  if (!x) throw new Error('no card: nothing given');
  let card: Json | undefined;
  if ('type' in x && x.type === 'application/vnd.microsoft.card.adaptive') card = x.value as Json;
  else {
    const attachments = ((x as { body?: Json }).body?.attachments ?? []) as Array<{ content: Json }>;
    card = attachments[0]?.content;
  }
  if (!card) throw new Error(`no card in ${JSON.stringify(x).slice(0, 300)}`);
  const problems = cardProblems(card);
  if (problems.length > 0) throw new Error(`invalid Adaptive Card: ${problems.join('; ')}`);
  return card;
}

/** Every text a card shows (text blocks, facts, action titles, input labels), for asserting on. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    for (const k of ['text', 'title', 'value', 'label'])
      if (typeof o[k] === 'string') out.push(o[k] as string);
    for (const val of Object.values(o)) if (typeof val === 'object') walk(val);
  };
  walk(card);
  return out.join('\n');
}

/** The Action.Execute with this verb anywhere in a card (inside ShowCards too). */
export function findAction(card: unknown, verb: string): Json | undefined {
  let found: Json | undefined;
  const walk = (v: unknown) => {
    if (found) return;
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    if (o.type === 'Action.Execute' && o.verb === verb) {
      found = o;
      return;
    }
    for (const val of Object.values(o)) if (typeof val === 'object') walk(val);
  };
  walk(card);
  return found;
}

/**
 * Dana hands Acme Corp over from Sales to Delivery through Teams (@Baton
 * handoff, the form, its submit) and the outbox posts the card in the
 * Delivery channel: that post is returned.
 */
export async function handOver(tt: TeamsTest, customer = 'Acme Corp'): Promise<ConnectorCall> {
  await submitHandoff(tt, customer);
  await tt.t.advance(0);
  const post = tt.connector.sent('post', IDS.delivery).at(-1);
  if (!post) throw new Error('no card was posted in the Delivery channel');
  return post;
}

/** The handoff form filled in and sent; the outbox has not run yet. */
export async function submitHandoff(tt: TeamsTest, customer = 'Acme Corp'): Promise<void> {
  const before = tt.connector.calls.length;
  await tt.say('dana', `handoff ${customer} to delivery`);
  const reply = await tt.connector.waitFor(
    (c) =>
      tt.connector.calls.indexOf(c) >= before &&
      c.kind === 'reply' &&
      c.conversationId?.startsWith(IDS.general) === true,
  );
  await pressOn(tt, 'dana', cardOf(reply), 'handoff', {
    'f.summary': 'Annual plan, 40 seats. Wants SSO before go-live.',
    'f.goLiveDate': '2027-01-15',
    'f.keyContact': 'Min-jun Kim <mj@acme.example>',
  });
}

/** The values a card's inputs start with. */
export function inputDefaults(card: unknown): Json {
  const out: Json = {};
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    if (
      typeof o.type === 'string' &&
      o.type.startsWith('Input.') &&
      typeof o.id === 'string' &&
      o.value !== undefined
    ) {
      out[o.id] = o.value;
    }
    for (const val of Object.values(o)) if (typeof val === 'object') walk(val);
  };
  walk(card);
  return out;
}

/** Presses the button with this verb on a card, with inputs filled in. */
export async function pressOn(
  tt: TeamsTest,
  person: string,
  card: unknown,
  verb: string,
  inputs: Json = {},
  opts: Parameters<TeamsTest['press']>[3] = {},
): Promise<InvokeBody> {
  const action = findAction(card, verb);
  if (!action) throw new Error(`no ${verb} button on the card: ${cardText(card).slice(0, 500)}`);
  // Teams sends every input's value with the action, prefilled ones included.
  return tt.press(person, verb, { ...(action.data as Json), ...inputDefaults(card), ...inputs }, opts);
}
