import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import type { Customer } from '../../../src/domain/types.js';
import type { PlatformAdapter } from '../../../src/server/adapter.js';
import { REPO, type StartOptions, startTestBaton, type TestBaton } from '../../support/harness.js';
import { aCustomer } from '../store/builders.js';
import { type FakeConnector, startFakeConnector } from './fake-connector.js';

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

export * from './card-helpers.js';
