import { describe, expect, it } from 'vitest';
import { noticeBlocks } from '../../../adapters/slack/blocks/notice.js';
import { viewBlocks } from '../../../adapters/slack/blocks/view.js';
import { messageOf } from '../../../adapters/slack/notifier.js';
import type { ActionContext } from '../../../adapters/teams/cards/actions.js';
import { renderCard } from '../../../adapters/teams/cards/card.js';
import { renderNotice } from '../../../adapters/teams/cards/notice.js';
import { renderView } from '../../../adapters/teams/cards/view.js';
import { textActivity } from '../../../adapters/teams/render.js';
import type { Card, Notice, View } from '../../../src/cards/model.js';
import { helpView } from '../../../src/views/help.js';
import { HOSTILE, liveIn, SLACK_LIVE, SLACK_LIVE_IN_PLAIN, TEAMS_LIVE } from './live-tokens.js';

type Json = Record<string, unknown>;

const accept = { id: 'accept' as const, label: 'Accept', style: 'primary' as const, value: 'hnd_1:3' };

const card: Card = {
  handoffId: 'hnd_1',
  version: 3,
  state: 'open',
  locale: 'en',
  fallback: 'Acme Corp: Sales → Delivery · Open',
  title: 'Acme Corp: Sales → Delivery',
  subtitle: 'Dana Reyes handed this over 2 hours ago',
  status: { text: 'Open: waiting for Tom Becker', tone: 'attention' },
  language: { code: 'ko', label: 'Korean', notice: 'Customer prefers Korean', strong: true },
  facts: [{ label: 'Key contact', value: 'Min-jun Kim' }],
  sections: [{ title: 'Summary', text: 'Annual plan, 40 seats' }],
  links: [{ label: 'dashboard.stripe.com', url: 'https://dashboard.stripe.com/test/customers/cus_1' }],
  timeline: ['Contact logged by Tom Becker'],
  escalations: ['Escalated to Priya Shah'],
  actions: [accept],
};

const notice: Notice = {
  kind: 'digest',
  locale: 'en',
  fallback: 'You have 2 follow-ups due',
  title: 'You have 2 follow-ups due',
  text: 'Most overdue first.',
  items: [
    {
      handoffId: 'hnd_1',
      customerId: 'cus_1',
      title: 'Acme Corp: Sales → Delivery',
      detail: 'Waiting for you to accept',
      due: 'due in 2 hours',
      overdue: false,
      actions: [accept],
    },
    {
      handoffId: 'hnd_2',
      customerId: 'cus_2',
      title: 'Globex: Sales → Delivery',
      detail: 'First contact overdue',
      due: '3 hours overdue',
      overdue: true,
      actions: [],
    },
  ],
};

const view: View = {
  locale: 'en',
  fallback: 'Acme Corp',
  title: 'Acme Corp',
  subtitle: 'Stage: delivery',
  blocks: [
    { kind: 'heading', text: 'Open handoffs' },
    { kind: 'text', text: 'Owner: Tom Becker' },
    { kind: 'facts', facts: [{ label: 'Stage', value: 'delivery' }] },
    { kind: 'list', items: [{ text: 'Sales → Delivery: open', detail: 'Annual plan', actions: [accept] }] },
    { kind: 'list', items: [{ text: 'email by Sam Okafor', detail: 'Sent the contract' }] },
    { kind: 'divider' },
  ],
};

/**
 * Not text a person reads, or Baton's own words: ids, codes, enums, the URLs
 * Baton checked and links itself, the action labels from the catalogs.
 */
const NOT_OUTSIDE = new Set([
  'handoffId',
  'customerId',
  'version',
  'state',
  'locale',
  'tone',
  'kind',
  'code',
  'url',
  'strong',
  'overdue',
  'actions',
]);

/** The path of every string field of a model that can hold outside text. */
function textPaths(model: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof model === 'string') return [path];
  if (Array.isArray(model)) return model.flatMap((v, i) => textPaths(v, [...path, i]));
  if (model && typeof model === 'object')
    return Object.entries(model as Json).flatMap(([k, v]) =>
      NOT_OUTSIDE.has(k) ? [] : textPaths(v, [...path, k]),
    );
  return [];
}

function withText<T>(model: T, path: Array<string | number>, text: string): T {
  const copy = structuredClone(model) as unknown as Json;
  let at: Json = copy;
  for (const k of path.slice(0, -1)) at = at[k as string] as Json;
  at[path[path.length - 1] as string] = text;
  return copy as unknown as T;
}

/** Slack's text objects by kind, and a message's top-level `text` as mrkdwn. */
function slackTexts(blocks: unknown, text?: string): { mrkdwn: string[]; plain: string[] } {
  const out = { mrkdwn: text === undefined ? [] : [text], plain: [] as string[] };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.mrkdwn.push(o.text);
    if (o.type === 'plain_text' && typeof o.text === 'string') out.plain.push(o.text);
    Object.values(o).forEach(walk);
  };
  walk(blocks);
  return out;
}

/** What Teams reads as Markdown: TextBlocks and FactSet titles and values. */
function teamsMarkdown(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet')
      for (const f of (o.facts as Array<{ title: string; value: string }>) ?? []) out.push(f.title, f.value);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

const slackOpts = { locale: 'en', snoozeMax: 'P7D' };
const teamsCtx: ActionContext = {
  locale: 'en',
  snoozeMax: 'P7D',
  reader: 'team:delivery',
  kind: 'card',
  people: () => [{ title: 'Omar Haddad', value: 'omar' }],
  sender: () => 'Dana Reyes',
};

type Rendered = { slack: { mrkdwn: string[]; plain: string[] }; teams: string[] };

const models: Array<{ name: string; model: Card | Notice | View; render(m: never): Rendered }> = [
  {
    name: 'card',
    model: card,
    render: (c: Card) => {
      const m = messageOf({ kind: 'card', card: c }, slackOpts);
      return { slack: slackTexts(m.blocks, m.text), teams: teamsMarkdown(renderCard(c, teamsCtx)) };
    },
  },
  {
    name: 'notice',
    model: notice,
    render: (n: Notice) => ({
      slack: slackTexts(noticeBlocks(n, slackOpts), messageOf({ kind: 'notice', notice: n }, slackOpts).text),
      teams: teamsMarkdown(renderNotice(n, teamsCtx)),
    }),
  },
  {
    name: 'view',
    model: view,
    render: (v: View) => ({
      slack: slackTexts(viewBlocks(v, { ...slackOpts, max: 50 })),
      teams: teamsMarkdown(renderView(v, teamsCtx)),
    }),
  },
];

/** Fields one platform does not show as text: Teams puts a fallback in notifications only (plain). */
const NOT_SHOWN_ON_TEAMS = new Set(['card.fallback', 'notice.fallback', 'view.fallback']);
/** A view's fallback is the message `text` the Slack handlers add (checked on the route). */
const NOT_SHOWN_ON_SLACK = new Set(['view.fallback']);

describe('every outside-text field of the card, notice and view models, given a hostile value', () => {
  it('the detectors fire on the raw hostile text (the control: the check can fail)', () => {
    expect(liveIn(HOSTILE, SLACK_LIVE)).toEqual(Object.keys(SLACK_LIVE));
    expect(liveIn(HOSTILE, SLACK_LIVE_IN_PLAIN)).toEqual(Object.keys(SLACK_LIVE_IN_PLAIN));
    expect(liveIn(HOSTILE, TEAMS_LIVE)).toEqual(Object.keys(TEAMS_LIVE));
    // And on the text the renderers produced before escape.ts: Teams escaped only < and >.
    expect(liveIn(HOSTILE.replace(/[<>]/g, '\\$&'), TEAMS_LIVE)).toContain(
      'inline link [label](https://evil…)',
    );
  });

  for (const { name, model, render } of models) {
    it(`${name}: no mention, link or formatting from outside forms in Slack or Teams`, () => {
      const paths = textPaths(model);
      expect(paths.length).toBeGreaterThan(5);
      for (const path of paths) {
        const field = `${name}.${path.join('.')}`;
        const marker = `F${path.join('').replace(/\W/g, '')}Q`;
        const out = render(withText(model, path, `${marker} ${HOSTILE}`) as never);
        const where = `${field} (${marker})`;
        expect(liveIn(out.slack.mrkdwn.join('\n'), SLACK_LIVE), `${where} in Slack mrkdwn`).toEqual([]);
        expect(liveIn(out.slack.plain.join('\n'), SLACK_LIVE_IN_PLAIN), `${where} in plain_text`).toEqual([]);
        for (const text of out.teams)
          expect(liveIn(text, TEAMS_LIVE), `${where} in Teams: ${text}`).toEqual([]);
        // The field was shown at all (a check that skipped it would prove nothing).
        if (!NOT_SHOWN_ON_SLACK.has(field))
          expect([...out.slack.mrkdwn, ...out.slack.plain].join('\n'), `${field} shown in Slack`).toContain(
            marker,
          );
        if (!NOT_SHOWN_ON_TEAMS.has(field))
          expect(out.teams.join('\n'), `${field} shown in Teams`).toContain(marker);
      }
    });
  }

  it("help keeps Baton's own formatting, while the refusal shown above it is escaped", () => {
    const help = helpView('en', 'cx', `I could not find a customer called "${HOSTILE}".`);
    const slack = slackTexts(viewBlocks(help, { ...slackOpts, max: 50 })).mrkdwn;
    expect(slack.join('\n')).toContain('*/cx mine*: your open handoffs');
    expect(slack.join('\n')).toContain('&lt;customer&gt;');
    expect(liveIn(slack.join('\n'), SLACK_LIVE)).toEqual([]);
    const teams = teamsMarkdown(renderView(help, teamsCtx));
    expect(teams.join('\n')).toContain('*/cx mine*: your open handoffs');
    for (const text of teams) expect(liveIn(text, TEAMS_LIVE), text).toEqual([]);
  });

  it('a message that is only text (a note in a thread) is escaped on both platforms', () => {
    const slack = messageOf({ kind: 'text', text: HOSTILE, locale: 'en' }, slackOpts).text;
    expect(liveIn(slack, SLACK_LIVE)).toEqual([]);
    const teams = String(textActivity(HOSTILE).text);
    expect(liveIn(teams, TEAMS_LIVE)).toEqual([]);
  });
});
