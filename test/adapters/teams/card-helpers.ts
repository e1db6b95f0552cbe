import { cardProblems } from './adaptive-cards.js';
import type { ConnectorCall } from './fake-connector.js';
import { IDS, type InvokeBody, type Json, type TeamsTest } from './helpers.js';

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
