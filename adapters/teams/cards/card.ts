import type { Card } from '../../../src/cards/model.js';
import { type ActionContext, renderActions } from './actions.js';
import {
  type Ac,
  adaptiveCard,
  cardBytes,
  container,
  factSet,
  LIMIT,
  linksBlock,
  moreLine,
  openUrlActions,
  textBlock,
} from './elements.js';
import { stampedBlock, withStamps } from './stamps.js';
import { translateActions } from './translate.js';

const TONE_COLOR: Record<Card['status']['tone'], string> = {
  attention: 'Accent',
  good: 'Good',
  warning: 'Warning',
  neutral: 'Default',
};

/** The customer's language right under the title; a strong notice sits in a red-edged box nobody scrolls past. */
export function languageBlock(language: Card['language']): Ac | undefined {
  if (!language) return undefined;
  if (!language.strong) {
    return textBlock(`💬 ${language.label} · ${language.notice}`, LIMIT.line, {
      isSubtle: true,
      spacing: 'Small',
    });
  }
  return container(
    [
      textBlock(`💬 ${language.notice}`, LIMIT.line, {
        weight: 'Bolder',
        size: 'Medium',
        color: 'Attention',
      }),
      textBlock(language.label, LIMIT.line, { spacing: 'None' }),
    ],
    { style: 'attention', bleed: true, spacing: 'Medium' },
  );
}

function body(card: Card, sectionMax: number, keepSections: number): Ac[] {
  const out: Ac[] = [
    textBlock(card.title, LIMIT.title, { size: 'Large', weight: 'Bolder' }),
    stampedBlock(
      textBlock(card.subtitle, LIMIT.subtitle, { isSubtle: true, spacing: 'None', size: 'Small' }),
      card.stamps,
    ),
  ];
  const lang = languageBlock(card.language);
  if (lang) out.push(lang);
  const status = textBlock(card.status.text, LIMIT.status, {
    weight: 'Bolder',
    color: TONE_COLOR[card.status.tone],
  });
  out.push(stampedBlock(status, card.stamps));
  for (const e of card.escalations ?? [])
    out.push(
      stampedBlock(textBlock(`🚨 ${e}`, LIMIT.line, { color: 'Attention', weight: 'Bolder' }), card.stamps),
    );
  if (card.languageGap)
    out.push(textBlock(`🚨 ${card.languageGap}`, LIMIT.line, { color: 'Attention', weight: 'Bolder' }));
  if (card.standIn) out.push(textBlock(`🌴 ${card.standIn}`, LIMIT.line, { color: 'Accent' }));
  const facts = factSet(card.facts);
  if (facts) out.push(stampedFacts(facts, card.stamps));
  const sections = card.sections.slice(0, keepSections);
  for (const s of sections) {
    out.push(textBlock(s.title, LIMIT.sectionTitle, { weight: 'Bolder', spacing: 'Medium' }));
    out.push(textBlock(s.text, sectionMax, { spacing: 'Small' }));
  }
  if (card.sections.length > sections.length) out.push(moreLine(card.sections.length - sections.length));
  const links = linksBlock(card.links, LIMIT.sectionText);
  if (links) out.push(links);
  const recent = card.timeline.slice(-5);
  if (recent.length > 0) {
    const timeline = textBlock(recent.join('\n\n'), LIMIT.sectionText, {
      isSubtle: true,
      size: 'Small',
      separator: true,
    });
    out.push(stampedBlock(timeline, card.stamps));
  }
  return out;
}

/** Fact values hold deadlines and the last contact: their stamps become date functions too. */
function stampedFacts(facts: Ac, stamps: Card['stamps']): Ac {
  const list = facts.facts as Array<{ title: string; value: string }>;
  return { ...facts, facts: list.map((f) => ({ ...f, value: withStamps(f.value, stamps) })) };
}

/**
 * The context card as an Adaptive Card 1.5: the same facts as in Slack, the
 * buttons as Universal Actions. A card that would pass Teams' size limit is
 * rendered again with shorter sections, then with fewer (saying how many
 * were left out): it is never refused, and never cut without a sign.
 */
export function renderCard(card: Card, ctx: ActionContext): Ac {
  const actions = [
    ...renderActions(card.actions, { ...ctx, locale: card.locale }),
    ...openUrlActions(card.customerLink ? [card.customerLink] : []),
    ...translateActions(card.translate, ctx),
  ];
  const extra = { fallbackText: card.fallback };
  let sectionMax: number = LIMIT.sectionText;
  let keep = card.sections.length;
  for (;;) {
    const out = adaptiveCard(body(card, sectionMax, keep), actions, extra);
    if (cardBytes(out) <= LIMIT.cardBytes) return out;
    if (sectionMax > 500) sectionMax = Math.floor(sectionMax / 2);
    else if (keep > 0) keep--;
    else return out;
  }
}
