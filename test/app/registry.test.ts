import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultAdapters } from '../../app/app.js';
import { batonRegistry } from '../../app/registry.js';
import { optional, parseEnv, secretEnv } from '../../src/config/env.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { DispatchItem, Notifier } from '../../src/outbox/notifier.js';
import { definePlatform } from '../../src/registry/descriptors.js';
import { createRegistry, envOf } from '../../src/registry/registry.js';
import type { AdapterContext, PlatformAdapter } from '../../src/server/adapter.js';
import { sendJson } from '../../src/server/http.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../support/seed.js';

/**
 * A chat platform Baton does not ship, registered only here: what adding
 * one takes is this descriptor and the line in the registry. Its adapter
 * finds people by their id on it and records what it would post, and where.
 */
const posted: Array<{ space: string | undefined; item: DispatchItem }> = [];

const googleChatEnv = {
  GOOGLECHAT_TOKEN: optional,
  GOOGLECHAT_API_URL: optional.refine(
    (v) => v === undefined || URL.canParse(v),
    'the full URL of the Chat API, e.g. https://chat.googleapis.com',
  ),
};

const googleChat = definePlatform({
  name: 'googlechat',
  label: 'Google Chat',
  env: googleChatEnv,
  secretEnv: ['GOOGLECHAT_TOKEN'],
  redactHeaders: ['x-goog-signature'],
  teamIds: z.object({
    space: z.string().regex(/^spaces\/[A-Za-z0-9_-]+$/, 'a Google Chat space like "spaces/AAAA"'),
  }),
  personId: z.string().regex(/^users\/\d+$/, 'a Google Chat user like "users/123"'),
  channelOf: (ids) => ids.space,
  userOf: (id) => id,
  connected: (e) => Boolean(e.GOOGLECHAT_TOKEN),
  create: async (ctx) => googleChatAdapter(ctx),
});

function googleChatAdapter(ctx: AdapterContext): PlatformAdapter {
  const { services } = ctx;
  const dir = services.deps.dir;
  // Read with its own schema: the token is there, trimmed, as any variable.
  const env = envOf(googleChat, ctx.env);
  const notifier: Notifier = {
    platform: 'googlechat',
    async send(item) {
      const t = item.delivery.target;
      const space = t.kind === 'team' ? dir.teamChannel(t.team, 'googlechat') : undefined;
      posted.push({ space, item });
      return { ok: true, ref: { conversationId: space ?? 'dm', messageId: `msg-${posted.length}` } };
    },
  };
  return {
    name: 'googlechat',
    notifier,
    routes: [
      {
        method: 'POST',
        path: '/googlechat/events',
        async handle(req, res) {
          const body = JSON.parse(await text(req)) as { user: string; customer: string; to: string };
          const actor = dir.personByPlatformId('googlechat', body.user);
          if (!actor || !env.GOOGLECHAT_TOKEN) return sendJson(res, 403, { error: 'who are you?' });
          const r = await services.startHandoff({
            actor,
            customer: { id: body.customer },
            to: { team: body.to },
            context: DELIVERY_CONTEXT,
            source: { kind: 'person', platform: 'googlechat' },
          });
          sendJson(res, r.ok ? 200 : 400, r.ok ? { handoff: r.value.handoff.id } : { error: r.failure.code });
        },
      },
    ],
  };
}

async function text(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return s;
}

const registry = createRegistry({
  platforms: [...batonRegistry.platforms, googleChat],
  sources: batonRegistry.sources,
});

const CONFIG = {
  teams: {
    sales: { name: 'Sales', lead: 'dana', googlechat: { space: 'spaces/SALES' } },
    // Also in Slack, which this start does not connect to: nothing is queued there.
    delivery: {
      name: 'Delivery',
      lead: 'tom',
      googlechat: { space: 'spaces/DELIVERY' },
      slack: { channel: 'C0DELIVERY' },
    },
  },
  people: {
    dana: { name: 'Dana Reyes', team: 'sales', googlechat: 'users/1' },
    tom: { name: 'Tom Becker', team: 'delivery', googlechat: 'users/2' },
  },
};

const configError = (raw: unknown, platforms = registry.platforms) => {
  try {
    parseConfig(raw, 'baton.config.yaml', platforms);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('a chat platform registered in one place', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let t: TestBaton | undefined;
  beforeEach(async () => {
    tmp = await tempDir('baton-registry-');
    posted.length = 0;
  });
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    await tmp.cleanup();
  });

  it('gets the handoff card for a team that works there, in the team’s space', async () => {
    const config = path.join(tmp.dir, 'baton.config.yaml');
    // The bundled purchase playbook's escalation ladder ends with the head-of-cx role.
    await writeFile(config, JSON.stringify({ ...CONFIG, roles: { 'head-of-cx': 'dana' } }));
    await mkdir(path.join(tmp.dir, 'handoffs'));
    await copyFile(
      path.join(REPO, 'handoffs/sales-to-delivery.yaml'),
      path.join(tmp.dir, 'handoffs/sales-to-delivery.yaml'),
    );
    t = await startTestBaton({
      registry,
      env: {
        BATON_CONFIG: config,
        BATON_HANDOFFS: path.join(tmp.dir, 'handoffs'),
        GOOGLECHAT_TOKEN: ' gc-token ',
      },
      // The composition root's own choice: every registered platform whose credentials are set.
      adapters: defaultAdapters,
    });
    expect(t.baton.adapters.map((a) => a.name)).toEqual(['googlechat', 'webhooks', 'dashboard', 'mail']);
    await seedCustomers(t.store, aCustomer('acme', 'Acme Corp', 'sales'));

    const stranger = await fetch(`${t.url}/googlechat/events`, {
      method: 'POST',
      body: JSON.stringify({ user: 'users/99', customer: 'acme', to: 'delivery' }),
    });
    expect(stranger.status).toBe(403);
    const r = await fetch(`${t.url}/googlechat/events`, {
      method: 'POST',
      body: JSON.stringify({ user: 'users/1', customer: 'acme', to: 'delivery' }),
    });
    expect(r.status).toBe(200);
    await t.advance(0);

    const cards = posted.filter((p) => p.item.delivery.message.type === 'handoff-card');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.space).toBe('spaces/DELIVERY');
    expect(cards[0]?.item.delivery).toMatchObject({ platform: 'googlechat', target: { team: 'delivery' } });
    expect((await t.store.listHandoffs({ to: 'delivery' }))[0]).toMatchObject({ from: 'sales' });
    // Slack is not connected here: nothing waits for it.
    expect((await t.store.stats()).pendingDeliveriesByPlatform.slack ?? 0).toBe(0);
  });

  it('takes its ids into the config schema: accepted where registered, a typo or a wrong id refused', () => {
    expect(configError(CONFIG)).toBeUndefined();
    // Control: without the platform registered, its keys are unknown.
    expect(configError(CONFIG, batonRegistry.platforms)).toMatch(/teams\.sales.*googlechat/s);

    const typo = structuredClone(CONFIG) as Record<string, Record<string, Record<string, unknown>>>;
    const sales = typo.teams?.sales ?? {};
    sales.googlechta = sales.googlechat;
    delete sales.googlechat;
    expect(configError(typo)).toMatch(/teams\.sales.*googlechta/s);

    const wrongUser = structuredClone(CONFIG);
    wrongUser.people.dana.googlechat = 'dana@example.com';
    expect(configError(wrongUser)).toContain('people.dana.googlechat: a Google Chat user like "users/123"');

    const wrongSpace = structuredClone(CONFIG);
    wrongSpace.teams.sales.googlechat.space = 'SALES';
    expect(configError(wrongSpace)).toContain(
      'teams.sales.googlechat.space: a Google Chat space like "spaces/AAAA"',
    );
    // The shipped platforms keep their own messages.
    const wrongSlack = structuredClone(CONFIG);
    wrongSlack.teams.delivery.slack.channel = 'delivery';
    expect(configError(wrongSlack)).toContain('a Slack channel id like C0SALES');
  });

  it('validates its variables with the core’s, and keeps its secret out of the logs', () => {
    expect(() => parseEnv({ GOOGLECHAT_API_URL: 'chat.googleapis.com' }, registry)).toThrow(
      /ENV|GOOGLECHAT_API_URL: the full URL of the Chat API/,
    );
    // Control: a start that does not register it does not read it.
    expect(() => parseEnv({ GOOGLECHAT_API_URL: 'chat.googleapis.com' }, batonRegistry)).not.toThrow();
    const env = parseEnv(
      { GOOGLECHAT_API_URL: 'https://chat.googleapis.com', GOOGLECHAT_TOKEN: 'x' },
      registry,
    );
    expect(envOf(googleChat, env)).toEqual({
      GOOGLECHAT_TOKEN: 'x',
      GOOGLECHAT_API_URL: 'https://chat.googleapis.com',
    });
    expect(secretEnv(registry)).toContain('GOOGLECHAT_TOKEN');
    expect(secretEnv(batonRegistry)).not.toContain('GOOGLECHAT_TOKEN');
  });

  it('refuses a registry where two platforms claim one name, a core key or a core variable', () => {
    expect(() => createRegistry({ platforms: [googleChat, googleChat], sources: [] })).toThrow(/googlechat/);
    expect(() => createRegistry({ platforms: [{ ...googleChat, name: 'lead' }], sources: [] })).toThrow(
      /"lead" is taken/,
    );
    expect(() =>
      createRegistry({ platforms: [{ ...googleChat, env: { PORT: optional } }], sources: [] }),
    ).toThrow(/PORT is read by both the core and googlechat/);
    expect(() => createRegistry({ platforms: [googleChat], sources: [] })).not.toThrow();
  });
});
