import type { Directory } from '../config/directory.js';
import { escalationsOf } from '../domain/escalations.js';
import type { Handoff } from '../domain/types.js';
import { t } from '../i18n/translate.js';
import type { Stamper } from './stamps.js';

/**
 * The escalation steps a handoff reached, one line each in the reader's
 * words: who was told (a person, or a team's channel) and when. Every step
 * so far stays on the card, so whoever reads it sees how far up it went.
 */
export function escalationLines(dir: Directory, locale: string, stamps: Stamper, h: Handoff): string[] {
  return escalationsOf(h).map((e) => {
    const when = stamps.stamp(e.at);
    return e.to.kind === 'team'
      ? t(locale, 'ladder.card.team', { team: dir.teamName(e.to.team), when })
      : t(locale, 'ladder.card.person', { who: dir.personName(e.to.person), when });
  });
}
