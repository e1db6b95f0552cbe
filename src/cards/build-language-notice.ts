import type { Directory } from '../config/directory.js';
import { handoffLanguage, languageGap } from '../domain/language-routing.js';
import type { Customer, Handoff } from '../domain/types.js';
import { languageName, t } from '../i18n/translate.js';
import { handoffActions } from './actions.js';
import type { CardActionId, Notice } from './model.js';

export interface LanguageNoticeInput {
  about: 'speaker' | 'gap';
  handoff: Handoff;
  customer: Customer;
  dir: Directory;
  reader: { locale: string };
  now: Date;
}

/** The buttons each message offers: a speaker claims; a lead finds someone else or sends it back. */
const BUTTONS: Record<LanguageNoticeInput['about'], readonly CardActionId[]> = {
  speaker: ['accept'],
  gap: ['reassign', 'decline'],
};

/**
 * A direct message about the customer's language, from the handoff as it is
 * now: undefined when there is nothing left to say (the customer was claimed
 * before a speaker's message went out, or the gap closed before the lead's).
 */
export function buildLanguageNotice(input: LanguageNoticeInput): Notice | undefined {
  const { about, handoff: h, customer, dir, reader, now } = input;
  const loc = reader.locale;
  const vars = {
    customer: customer.name,
    team: dir.teamName(h.to),
    language: languageName(handoffLanguage(dir, h.context, customer).language, loc),
  };
  if (about === 'speaker') {
    if (h.state !== 'open' || h.assignee || h.owner) return undefined;
  } else {
    // The gap names the handoff's own team and language, the ones `vars` already holds.
    if (!languageGap(dir, h, customer, now)) return undefined;
  }
  const title = t(loc, about === 'speaker' ? 'routing.speakerTitle' : 'routing.gapTitle', vars);
  const text = t(loc, about === 'speaker' ? 'routing.speakerText' : 'routing.gapText', vars);
  const actions = handoffActions(h, loc).filter((a) => BUTTONS[about].includes(a.id));
  return {
    kind: 'info',
    locale: loc,
    fallback: `${title}: ${text}`,
    title,
    text,
    items: [
      {
        handoffId: h.id,
        customerId: customer.id,
        title: t(loc, 'card.title', {
          customer: customer.name,
          from: dir.teamName(h.from),
          to: dir.teamName(h.to),
        }),
        detail: text,
        overdue: false,
        actions,
      },
    ],
  };
}

/** The banner on the card: set while nobody reachable serves the customer's language. */
export function languageGapBanner(
  dir: Directory,
  h: Handoff,
  customer: Customer,
  locale: string,
  now: Date,
): string | undefined {
  const gap = languageGap(dir, h, customer, now);
  if (!gap) return undefined;
  return t(locale, 'card.languageGap', {
    team: dir.teamName(gap.team),
    language: languageName(gap.language, locale),
  });
}
