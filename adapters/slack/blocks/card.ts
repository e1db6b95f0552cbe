import type { types } from '@slack/bolt';
import type { Card } from '../../../src/cards/model.js';
import { ACTION_PREFIX } from '../ids.js';
import { type ActionOptions, actionsBlock } from './actions.js';
import { stamped } from './stamps.js';
import { bold, capBlocks, LIMIT, labelled, link, md, mrkdwn, plain } from './text.js';
import { withTranslate } from './translate.js';

type Block = types.KnownBlock;

const TONE: Record<Card['status']['tone'], string> = {
  attention: ':large_yellow_circle:',
  good: ':white_check_mark:',
  warning: ':warning:',
  neutral: ':white_circle:',
};

/** The customer's language, right under the title: a strong notice is a bold warning nobody scrolls past. */
export function languageBlocks(language: Card['language']): Block[] {
  if (!language) return [];
  if (language.strong) {
    const notice = bold(language.notice, LIMIT.sectionText - 300, ':speech_balloon: :warning: ').text;
    return [{ type: 'section', text: { type: 'mrkdwn', text: `${notice}\n${mrkdwn(language.label, 200)}` } }];
  }
  return [
    {
      type: 'context',
      elements: [md(`${language.label} · ${language.notice}`, LIMIT.contextText, ':speech_balloon: ')],
    },
  ];
}

/** Facts as section fields, ten to a section; `stamps` become date tokens (see stamps.ts). */
export function factBlocks(facts: Card['facts'], stamps?: Card['stamps']): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < facts.length; i += LIMIT.fields) {
    const fields = facts
      .slice(i, i + LIMIT.fields)
      .map((f) => stamped(labelled(f.label, f.value, LIMIT.field), stamps, LIMIT.field));
    out.push({ type: 'section', fields });
  }
  return out;
}

function linkBlock(links: Card['links']): Block | undefined {
  const parts: string[] = [];
  let length = 0;
  for (const l of links) {
    const text = link(l.url, l.label);
    if (!text || length + text.length + 3 > LIMIT.contextText - 2) continue;
    parts.push(text);
    length += text.length + 3;
  }
  if (parts.length === 0) return undefined;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `:link: ${parts.join(' · ')}` }] };
}

/**
 * The context card in Block Kit: title, who handed over, status, the
 * customer's language, facts, context sections, links, recent events and
 * the buttons. Everything is cut to Block Kit's limits with a visible
 * ellipsis, and a card with more sections than a message may hold says how
 * many were left out.
 */
export function cardBlocks(card: Card, opts: ActionOptions): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: plain(card.title, LIMIT.header) },
    {
      type: 'context',
      elements: [stamped(md(card.subtitle, LIMIT.contextText), card.stamps, LIMIT.contextText)],
    },
  ];
  const status = [card.status.text, ...(card.escalations ?? []).map((e) => `:rotating_light: ${e}`)].join(
    '\n',
  );
  const statusText = md(status, LIMIT.sectionText, `${TONE[card.status.tone]} `);
  blocks.push({ type: 'section', text: stamped(statusText, card.stamps, LIMIT.sectionText) });
  if (card.languageGap)
    blocks.push({ type: 'section', text: bold(card.languageGap, LIMIT.sectionText, ':rotating_light: ') });
  if (card.standIn)
    blocks.push({ type: 'context', elements: [md(card.standIn, LIMIT.contextText, ':palm_tree: ')] });
  blocks.push(...languageBlocks(card.language));
  blocks.push(...factBlocks(card.facts, card.stamps));
  for (const s of card.sections)
    blocks.push({ type: 'section', text: labelled(s.title, s.text, LIMIT.sectionText) });
  const links = linkBlock(card.links);
  if (links) blocks.push(links);
  const recent = card.timeline.slice(-5);
  if (recent.length > 0)
    blocks.push({
      type: 'context',
      elements: [stamped(md(recent.join('\n'), LIMIT.contextText), card.stamps, LIMIT.contextText)],
    });
  const actions = withTranslate(
    withCustomerLink(actionsBlock(card.actions, 0, opts), card.customerLink),
    card.translate,
    `${ACTION_PREFIX}translate:card`,
  );
  if (actions) blocks.push(actions);
  return capBlocks(blocks, LIMIT.messageBlocks, actions ? 1 : 0, (left) => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `… (+${left})` }],
  }));
}

/** The customer's page in the dashboard, as the last button beside the card's actions. */
function withCustomerLink(
  actions: types.ActionsBlock | undefined,
  link: Card['customerLink'],
): types.ActionsBlock | undefined {
  if (!link || link.url.length > LIMIT.url) return actions;
  const button: types.Button = {
    type: 'button',
    action_id: `${ACTION_PREFIX}open:card`,
    text: plain(link.label, LIMIT.buttonText),
    url: link.url,
  };
  if (!actions) return { type: 'actions', block_id: `${ACTION_PREFIX}links:card`, elements: [button] };
  return { ...actions, elements: [...actions.elements.slice(0, LIMIT.actionsElements - 1), button] };
}
