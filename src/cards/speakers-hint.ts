import type { Directory } from '../config/directory.js';
import { primaryLanguage, speakersIn, speaks } from '../domain/languages.js';
import type { Handoff } from '../domain/types.js';
import { formatList, languageName, t } from '../i18n/translate.js';

/**
 * Who speaks the customer's language, in the words both platforms show: over
 * the reassign picker and on the handoff form, so whoever picks a person or
 * sends a customer on sees who can talk to them.
 */

const names = (dir: Directory, people: readonly string[], locale: string) =>
  formatList(
    people.map((p) => dir.personName(p)),
    locale,
  );

/** The organisation's teams in config order, the given one first. */
function teamsFrom(dir: Directory, first: string): string[] {
  return [first, ...Object.keys(dir.config.teams).filter((k) => k !== first)];
}

/**
 * Over the reassign picker: "Speaks Korean in Delivery: Jae-won Kim", or
 * where else the language is spoken when nobody in the handoff's team does.
 * Nothing when the customer's language is unknown.
 */
export function reassignHint(
  dir: Directory,
  input: { team: string; language: string | undefined; locale: string },
): string | undefined {
  const code = primaryLanguage(input.language);
  if (!code) return undefined;
  const { team, locale } = input;
  const language = languageName(code, locale);
  const teamName = dir.teamName(team);
  const inTeam = speakersIn(dir, team, code);
  if (inTeam.length > 0) {
    return inTeam.length === dir.members(team).length && inTeam.length > 1
      ? t(locale, 'speakers.everyone', { team: teamName, language })
      : t(locale, 'speakers.in', { language, team: teamName, people: names(dir, inTeam, locale) });
  }
  const elsewhere = teamsFrom(dir, team)
    .slice(1)
    .map((k) => ({ k, people: speakersIn(dir, k, code) }))
    .filter((x) => x.people.length > 0)
    .map((x) => t(locale, 'speakers.has', { team: dir.teamName(x.k), people: names(dir, x.people, locale) }));
  if (elsewhere.length === 0) return t(locale, 'speakers.nobody', { language });
  return t(locale, 'speakers.noneIn', { team: teamName, language, elsewhere: elsewhere.join('; ') });
}

/**
 * On the handoff form, once the customer's language is known: who speaks it
 * in each team that receives customers, the form's receiving team first
 * ("Who speaks Korean: Delivery — Jae-won Kim; Customer Care — nobody").
 */
export function formSpeakersHint(
  dir: Directory,
  input: { toTeam: string; language: string | undefined; locale: string },
): string | undefined {
  const code = primaryLanguage(input.language);
  if (!code) return undefined;
  const { locale } = input;
  const receiving = new Set(dir.playbooks.filter((pb) => pb.from !== pb.to).map((pb) => pb.to));
  const teams = teamsFrom(dir, input.toTeam).filter((k) => k === input.toTeam || receiving.has(k));
  const parts = teams.map((k) => {
    const people = speakersIn(dir, k, code);
    return t(locale, 'speakers.formTeam', {
      team: dir.teamName(k),
      people: people.length > 0 ? names(dir, people, locale) : t(locale, 'speakers.formNobody'),
    });
  });
  return t(locale, 'speakers.form', { language: languageName(code, locale), teams: parts.join('; ') });
}

/**
 * People a handoff can be given to, speakers of the customer's language
 * first, each labelled ("Jae-won Kim · speaks Korean"); otherwise in the
 * order given.
 */
export function peopleBySpeech(
  dir: Directory,
  input: { people: string[]; language: string | undefined; locale: string },
): Array<{ person: string; label: string; speaks: boolean }> {
  const code = primaryLanguage(input.language);
  const language = code ? languageName(code, input.locale) : '';
  const all = input.people.map((p) => {
    const yes = code ? speaks(dir, p, code) : false;
    const name = dir.personName(p);
    return {
      person: p,
      speaks: yes,
      label: yes ? t(input.locale, 'speakers.label', { person: name, language }) : name,
    };
  });
  return [...all.filter((x) => x.speaks), ...all.filter((x) => !x.speaks)];
}

/**
 * Whom a handoff can be reassigned to (the receiving team and its lead, not
 * whoever has it now), speakers of the customer's language first and
 * labelled, and the line to show over the picker.
 */
export function reassignChoices(
  dir: Directory,
  input: {
    handoff: Pick<Handoff, 'to' | 'owner' | 'assignee'>;
    language: string | undefined;
    locale: string;
  },
): { people: Array<{ person: string; label: string; speaks: boolean }>; hint?: string } {
  const h = input.handoff;
  const current = h.owner ?? h.assignee;
  const lead = dir.team(h.to)?.lead;
  const keys = [...new Set([...dir.members(h.to), ...(lead ? [lead] : [])])].filter((k) => k !== current);
  const people = peopleBySpeech(dir, { people: keys, language: input.language, locale: input.locale });
  const hint = reassignHint(dir, { team: h.to, language: input.language, locale: input.locale });
  return { people, ...(hint ? { hint } : {}) };
}
