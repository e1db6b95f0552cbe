import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { batonRegistry } from '../../../app/registry.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { BatonError, errorMessage, isBatonError } from '../../../src/errors.js';
import { loadPlaybooks } from '../../../src/playbooks/load-playbooks.js';
import { type FakeMessage, FakeSlack } from '../../adapters/slack/fake-slack.js';
import { handoffVia, messageIn } from '../../adapters/slack/helpers.js';
import { aCustomer, SECRET, seedCustomers, TOKEN } from '../../adapters/slack/setup.js';
import { fixture, SlackClient } from '../../adapters/slack/slack-client.js';
import {
  activity,
  cardOf,
  findAction,
  handOver,
  IDS,
  startTeams,
  type TeamsTest,
} from '../../adapters/teams/helpers.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../../support/harness.js';
import { configCases, type FileCase, playbookCases } from './config-mutations.js';

type Json = Record<string, unknown>;
const RUNS = Number(process.env.BATON_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.BATON_FAULT_SEED ?? 42);
let tried = 0;

// People with no role on a Sales → Delivery handoff (marketing, care, a Sales member who did not
// send it), a Slack user Baton does not know, and no user at all.
const OUTSIDERS = ['U0LEO', 'U0MIA', 'U0JIWOO', 'U0MINHO', 'U0SAM', 'U0STRANGER', ''];
const ACTION_IDS = [
  'baton:accept',
  'baton:decline',
  'baton:reassign',
  'baton:snooze',
  'baton:contact',
  'baton:complete',
  'baton:cancel',
  'baton:confirm',
  'baton:resend',
  'baton:forget',
];

afterAll(() => console.log(`bad input: ${tried} inputs tried (seed ${SEED})`));

describe('bad input never crashes Baton, never answers 5xx, never makes a change nobody allowed', () => {
  let fake: FakeSlack;
  let t: TestBaton;
  let slack: SlackClient;
  const cards: FakeMessage[] = [];
  const modals: Json[] = [];
  let seq = 0;

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    t = await startTestBaton({
      adapters: async (ctx) => [
        // Answered only once handled, so a request's effect is in the store when its answer arrives.
        await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0, processBeforeResponse: true }),
      ],
      env: { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url },
    });
    slack = new SlackClient(t.url, SECRET, fake);
    await seedCustomers(t.store, [
      aCustomer(),
      aCustomer({ id: 'cus_globex', name: 'Globex', aliases: [], externalIds: { crm: 'crm-43' } }),
      aCustomer({ id: 'cus_initech', name: 'Initech', aliases: [], externalIds: { crm: 'crm-44' } }),
    ]);
    // Acme waits for Delivery; Priya (the lead) owns Globex; Tom owns Initech after first contact.
    const { view } = await handoffVia({ t, fake, slack, pass, stop }, 'U0DANA', 'Acme Corp to delivery');
    modals.push(view);
    await handoffVia({ t, fake, slack, pass, stop }, 'U0DANA', 'Globex to delivery');
    await handoffVia({ t, fake, slack, pass, stop }, 'U0DANA', 'Initech to delivery');
    await pass();
    const acme = messageIn({ t, fake, slack, pass, stop }, 'C0DELIVERY', 'Acme Corp');
    const globex = messageIn({ t, fake, slack, pass, stop }, 'C0DELIVERY', 'Globex');
    const initech = messageIn({ t, fake, slack, pass, stop }, 'C0DELIVERY', 'Initech');
    await slack.answer((await slack.click(globex, 'baton:accept', 'U0PRIYA')).responseId);
    await slack.answer((await slack.click(initech, 'baton:accept', 'U0TOM')).responseId);
    await pass();
    // The modals behind the card's buttons, opened by people allowed to, never submitted.
    for (const [card, action, user] of [
      [acme, 'baton:decline', 'U0TOM'],
      [acme, 'baton:reassign', 'U0PRIYA'],
      [acme, 'baton:snooze', 'U0PRIYA'],
      [globex, 'baton:contact', 'U0PRIYA'],
      [globex, 'baton:reassign', 'U0PRIYA'],
      [initech, 'baton:snooze', 'U0TOM'],
    ] as const) {
      // Some buttons ask in a modal, others answer in place (a user picker on the card).
      const { trigger, responseId } = await slack.click(card, action, user);
      const call = await fake.waitFor(
        (c) =>
          (c.method === 'views.open' && c.args.trigger_id === trigger) ||
          (c.method === 'response_url' && c.args.id === responseId),
      );
      if (call.method === 'views.open') modals.push(call.args.view as Json);
    }
    expect(modals.length).toBeGreaterThanOrEqual(3);
    cards.push(...fake.channel('C0DELIVERY'));
    expect(cards).toHaveLength(3);
    expect(await handoffStates()).toEqual(['accepted', 'accepted', 'open']);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  async function pass() {
    await t.advance(0);
    await t.baton.runOnce();
  }
  async function stop() {}
  async function handoffStates() {
    return (await t.store.listHandoffs({})).map((h) => h.state).sort();
  }
  /** What a forbidden change would alter: every handoff's state, version and people, and erasures. */
  async function snapshot(): Promise<string> {
    const handoffs = (await t.store.listHandoffs({}))
      .map((h) => `${h.id} ${h.state} v${h.version} ${h.owner ?? '-'} ${h.assignee ?? '-'}`)
      .sort();
    const erased = [];
    for (const id of ['cus_acme', 'cus_globex', 'cus_initech'])
      if ((await t.store.getCustomer(id))?.erasedAt) erased.push(id);
    return JSON.stringify({ handoffs, erased });
  }
  async function unchangedBy(send: () => Promise<{ status: number }>) {
    tried++;
    const before = await snapshot();
    const res = await send();
    expect(res.status).toBeLessThan(500);
    expect(await snapshot()).toBe(before);
  }

  const postPayload = (payload: Json) =>
    slack.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
  const userOf = (id: string) => ({
    id,
    username: id.toLowerCase(),
    name: id.toLowerCase(),
    team_id: 'T0EXAMPLE',
  });

  /** Values a card could carry: the real ones, stale or future versions, other customers', garbage. */
  const valueArb = () => {
    const real = cards.flatMap((c) =>
      ((c.blocks ?? []) as Json[]).flatMap((b) =>
        ((b.elements as Json[] | undefined) ?? []).map((e) => String(e.value ?? '')),
      ),
    );
    const tampered = real.flatMap((v) => {
      const m = /^(.*):(\d+)$/.exec(v);
      return m ? [`${m[1]}:${Number(m[2]) - 1}`, `${m[1]}:${Number(m[2]) + 1}`, `${m[1]}:0`] : [];
    });
    return fc.oneof(
      fc.constantFrom(...real, ...tampered, 'customer:cus_globex:0', 'customer:cus_nobody:0', 'hnd_nope:1'),
      fc.string(),
      fc.json(),
    );
  };

  it('card buttons: tampered values, other handoffs, stale versions, garbage', async () => {
    const cardArb = fc.oneof(
      fc.constantFrom(...cards.map((c) => ({ channel: c.channel, ts: c.ts }))),
      fc.record({ channel: fc.string(), ts: fc.string() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OUTSIDERS),
        // Only Baton's own action ids: Bolt leaves any other unanswered for 3 s, then says 404.
        fc.constantFrom(...ACTION_IDS),
        valueArb(),
        cardArb,
        fc.option(fc.constantFrom('U0LEO', 'U0TOM', 'U0PRIYA', 'U0DANA', 'UNOBODY', '')),
        fc.option(fc.string()),
        async (user, actionId, value, card, selectedUser, option) => {
          const base = fixture('block-actions.json');
          const action: Json = {
            action_id: actionId,
            block_id: `baton:0:${value}`,
            type: option !== null ? 'static_select' : 'button',
            value,
            action_ts: '1596530385.194939',
          };
          if (selectedUser !== null) action.selected_user = selectedUser;
          if (option !== null)
            action.selected_option = { value: option, text: { type: 'plain_text', text: 'x' } };
          const id = `fz${++seq}`;
          await unchangedBy(() =>
            postPayload({
              ...base,
              user: userOf(user),
              trigger_id: `trigger.${id}`,
              container: {
                type: 'message',
                message_ts: card.ts,
                channel_id: card.channel,
                is_ephemeral: false,
              },
              channel: { id: card.channel, name: 'x' },
              message: { ...(base.message as Json), ts: card.ts },
              response_url: fake.responseUrl(id),
              actions: [action],
            }),
          );
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('modal submissions: wrong or missing private_metadata and values, from outsiders and from Tom', async () => {
    const metadataArb = fc.oneof(
      fc.constantFrom(...modals.map((m) => String(m.private_metadata ?? ''))),
      // Real metadata with its ids and versions swapped for other handoffs' or customers'.
      fc
        .tuple(
          fc.constantFrom(...modals.map((m) => String(m.private_metadata ?? ''))),
          fc.constantFrom(...cards.map((c) => c.ts)),
          valueArb(),
        )
        .map(([meta, , v]) => meta.replace(/hnd_[A-Za-z0-9_]+|\d+/, String(v))),
      fc.string(),
      fc.json(),
      fc.constant(undefined),
    );
    const valuesArb = fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          ...modals.flatMap((m) => ((m.blocks as Json[]) ?? []).map((b) => String(b.block_id))),
        ),
        fc.string(),
      ),
      fc.dictionary(
        fc.string(),
        fc.oneof(
          fc.record({ type: fc.constant('plain_text_input'), value: fc.option(fc.string()) }),
          fc.record({
            type: fc.constant('users_select'),
            selected_user: fc.constantFrom('U0LEO', 'U0TOM', 'U0MIA', 'nope'),
          }),
          fc.record({
            type: fc.constant('static_select'),
            selected_option: fc.option(fc.record({ value: fc.string() })),
          }),
          fc.record({ type: fc.constant('datepicker'), selected_date: fc.option(fc.string()) }),
          fc.anything(),
        ),
      ),
    );
    // Tom is in Delivery but owns neither Acme nor Globex: he may not reassign, snooze or decline
    // them from a modal someone else opened. Logging a contact he may, so no contact modal for him.
    const callbacks = [...new Set(modals.map((m) => String(m.callback_id)))];
    const notContact = (id: string) => !id.includes('contact');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            user: fc.constantFrom(...OUTSIDERS),
            modal: fc.constantFrom(...modals),
            meta: metadataArb,
            // Baton's own callback ids, swapped between modals (Bolt leaves others unanswered for 3 s).
            callback: fc.option(fc.constantFrom(...callbacks)),
          }),
          fc.record({
            user: fc.constant('U0TOM'),
            modal: fc.constantFrom(...modals.filter((m) => notContact(String(m.callback_id)))),
            meta: fc.constant(undefined),
            callback: fc.option(fc.constantFrom(...callbacks.filter(notContact))),
          }),
        ),
        valuesArb,
        async ({ user, modal, meta, callback }, values) => {
          const base = fixture('view-submission.json');
          const view: Json = {
            ...(base.view as Json),
            id: `VFZ${++seq}`,
            callback_id: callback === null ? modal.callback_id : callback,
            blocks: modal.blocks,
            state: { values },
          };
          const privateMetadata = meta === undefined ? modal.private_metadata : meta;
          if (privateMetadata === undefined) delete view.private_metadata;
          else view.private_metadata = privateMetadata;
          // Each its own trigger_id, as Slack gives: a repeated one is a replay and would not run at all.
          await unchangedBy(() =>
            postPayload({ ...base, trigger_id: `trigger.fzv${seq}`, user: userOf(user), view }),
          );
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('slash commands: any text from outsiders, /cx forget from anyone but an admin', async () => {
    const words = fc.constantFrom(
      'Acme Corp',
      'Globex',
      'Initech',
      'to',
      'delivery',
      'forget',
      'accept',
      'cancel',
      'reassign',
      'contact',
      'call',
      '"',
      '--yes',
      'cus_acme',
      '@U0LEO',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OUTSIDERS, 'U0TOM', 'U0PRIYA'),
        fc.constantFrom('/cx' as const, '/handoff' as const),
        fc.oneof(
          fc.string(),
          fc.array(words, { maxLength: 6 }).map((w) => w.join(' ')),
          words.map((w) => `forget ${w}`),
        ),
        async (user, command, text) => {
          // Priya and Tom may do some of this; only an erasure from them would be a wrong change.
          const insider = user === 'U0TOM' || user === 'U0PRIYA';
          if (insider && !/forget/i.test(text)) return;
          await unchangedBy(async () => (await slack.command(command, text, user)).res);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('is still up, and the same path does change what an allowed person asks for', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(await handoffStates()).toEqual(['accepted', 'accepted', 'open']);
    // The control: without it, a Baton that ignored every request would pass all of the above.
    const acme = cards.find((c) => JSON.stringify(c.blocks).includes('Acme Corp'));
    if (!acme) throw new Error('no Acme card');
    const clicked = await slack.click(acme, 'baton:accept', 'U0TOM');
    expect(clicked.res.status).toBe(200);
    expect(await handoffStates()).toEqual(['accepted', 'accepted', 'accepted']);
  });
});

describe('config and playbook files: each edit is accepted when valid and refused, naming the file, when not', () => {
  type Load = (file: string) => Promise<unknown>;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let n = 0;
  let validConfig: string;
  let validPlaybook: string;
  let config: Awaited<ReturnType<typeof loadConfig>>['config'];
  beforeAll(async () => {
    tmp = await tempDir('baton-badcfg-');
    validConfig = await readFile(path.join(REPO, 'baton.config.example.yaml'), 'utf8');
    validPlaybook = await readFile(path.join(REPO, 'handoffs/sales-to-delivery.yaml'), 'utf8');
    config = (await loadConfig(path.join(REPO, 'baton.config.example.yaml'), batonRegistry.platforms)).config;
  });
  afterAll(async () => tmp?.cleanup());

  const loadConfigFile: Load = (file) => loadConfig(file, batonRegistry.platforms);
  const loadPlaybookFile: Load = (file) => loadPlaybooks(path.dirname(file), config);

  /** Writes the case where its loader looks for it, loads it, and says whether the outcome is the right one. */
  async function judge(c: FileCase, name: string, load: Load): Promise<void> {
    tried++;
    const dir = path.join(tmp.dir, String(++n));
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, name);
    await writeFile(file, c.text);
    let refused: unknown;
    try {
      await load(file);
    } catch (err) {
      refused = err ?? new Error('thrown: nothing');
    }
    if (c.valid) {
      expect(refused, `a valid file was refused (${c.what}): ${errorMessage(refused)}`).toBeUndefined();
      return;
    }
    expect(refused, `an invalid file was accepted (${c.what})`).toBeDefined();
    expect(isBatonError(refused), `not a BatonError (${c.what}): ${(refused as Error)?.stack}`).toBe(true);
    const message = errorMessage(refused);
    expect(message, c.what).toContain(file);
    if (c.field) expect(message, c.what).toContain(`${file}: ${c.field}`);
  }

  const property = (arb: fc.Arbitrary<FileCase>, name: string, load: Load) =>
    fc.asyncProperty(arb, (c) => judge(c, name, load));
  const configs = () => configCases(validConfig);
  const playbooks = () => playbookCases(validPlaybook, Object.keys(config.teams));

  it('baton.config.yaml', async () => {
    await fc.assert(property(configs(), 'baton.config.yaml', loadConfigFile), {
      numRuns: RUNS * 2,
      seed: SEED,
    });
  });

  it('handoffs/*.yaml', async () => {
    await fc.assert(property(playbooks(), 'sales-to-delivery.yaml', loadPlaybookFile), {
      numRuns: RUNS * 2,
      seed: SEED,
    });
  });

  it('control: the cases hold both kinds, and a loader that accepts everything, or refuses everything, fails', async () => {
    for (const arb of [configs(), playbooks()]) {
      const sample = fc.sample(arb, { numRuns: 200, seed: SEED });
      expect(sample.filter((c) => c.valid).length).toBeGreaterThan(40);
      expect(sample.filter((c) => !c.valid).length).toBeGreaterThan(40);
    }
    const validOnly = (arb: fc.Arbitrary<FileCase>) => arb.filter((c) => c.valid);
    const invalidOnly = (arb: fc.Arbitrary<FileCase>) => arb.filter((c) => !c.valid);
    // A Baton that let every file through (reading what it can, never refusing).
    const acceptsAll =
      (load: Load): Load =>
      (file) =>
        load(file).catch(() => undefined);
    // A Baton that refused every file, naming it.
    const refusesAll: Load = async (file) => {
      throw new BatonError('CONFIG_INVALID', `${file}: refused`);
    };
    for (const [arb, name, load] of [
      [configs(), 'baton.config.yaml', loadConfigFile],
      [playbooks(), 'sales-to-delivery.yaml', loadPlaybookFile],
    ] as const) {
      // fast-check names the assertion that failed in the error's cause.
      const why = (run: Promise<unknown>) =>
        run.then(
          () => 'passed',
          (err: unknown) => `${errorMessage(err)} ${errorMessage((err as { cause?: unknown }).cause)}`,
        );
      expect(
        await why(fc.assert(property(invalidOnly(arb), name, acceptsAll(load)), { numRuns: 50, seed: SEED })),
      ).toMatch(/an invalid file was accepted/);
      expect(
        await why(fc.assert(property(validOnly(arb), name, refusesAll), { numRuns: 50, seed: SEED })),
      ).toMatch(/a valid file was refused/);
    }
  });
});

describe('Teams: tampered adaptiveCard/action invokes from people who may not act', () => {
  let tt: TeamsTest;
  beforeAll(async () => {
    tt = await startTeams();
    await tt.install(['dana', 'tom', 'priya']);
    await tt.seedCustomer();
    await tt.seedCustomer({ id: 'cus_globex', name: 'Globex', aliases: [], externalIds: { crm: 'crm-43' } });
    await handOver(tt, 'Acme Corp');
    await handOver(tt, 'Globex');
  });
  afterAll(() => tt?.stop());

  async function snapshot() {
    return JSON.stringify(
      (await tt.t.store.listHandoffs({}))
        .map((h) => `${h.id} ${h.state} v${h.version} ${h.owner ?? '-'}`)
        .sort(),
    );
  }

  it('never a 5xx, never a change', async () => {
    const cards = tt.connector.sent('post', IDS.delivery).map((c) => cardOf(c));
    const data = cards.flatMap((card) =>
      ['accept', 'decline', 'reassign', 'snooze'].map((verb) => (findAction(card, verb)?.data ?? {}) as Json),
    );
    const realValues = data.flatMap((d) => Object.values(d).map(String));
    const valueArb = fc.oneof(
      fc.constantFrom(...realValues),
      fc.constantFrom(...realValues).map((v) => v.replace(/\d+$/, (n) => String(Number(n) + 1))),
      fc.string(),
      fc.jsonValue(),
    );
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('leo', 'mia', 'jiwoo', 'minho', 'sam', 'stranger'),
        fc.oneof(
          fc.constantFrom(
            'accept',
            'decline',
            'reassign',
            'snooze',
            'contact',
            'complete',
            'cancel',
            'confirm',
            'resend',
            'forget',
            'handoff',
          ),
          fc.string(),
        ),
        fc.constantFrom(...data),
        fc.dictionary(
          fc.oneof(fc.constantFrom(...data.flatMap((d) => Object.keys(d))), fc.string()),
          valueArb,
        ),
        fc.boolean(),
        async (person, verb, real, tamper, personal) => {
          tried++;
          const res = await tt.post(
            activity('invoke-adaptive-card-action', tt.connector.url, (a) => {
              a.from = { id: `29:${person}`, name: person };
              a.value = {
                action: { type: 'Action.Execute', verb, data: { ...real, ...tamper } },
                trigger: 'manual',
              };
              if (personal) {
                a.conversation = {
                  conversationType: 'personal',
                  tenantId: IDS.tenant,
                  id: `a:1to1-29:${person}`,
                };
                a.channelData = { tenant: { id: IDS.tenant } };
              }
            }),
          );
          expect(res.status, res.text).toBeLessThan(500);
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // The control: the same invoke from Tom with the card's own data does accept.
    const accepted = await tt.press('tom', 'accept', data[0] ?? {}, { channel: IDS.delivery });
    expect(accepted.statusCode).toBe(200);
    expect(await snapshot()).not.toBe(before);
  });
});
