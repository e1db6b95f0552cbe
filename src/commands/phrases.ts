import type { Directory } from '../config/directory.js';
import { pickAcrossPairs, subjectOf } from '../domain/segment-match.js';
import type { Customer } from '../domain/types.js';
import type { Playbook } from '../playbooks/schema.js';
import type { CustomerName } from '../store/store.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Apostrophes vary ("we're" / "we’re"); any kind matches any other.
const normalise = (s: string) => s.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');

/** `needle` as whole words in `text` (both normalised): "closed won" matches "Closed won!" but not "enclosed wonder". */
export function containsWords(text: string, needle: string): boolean {
  const n = normalise(needle).trim();
  if (!n) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(n)}(?![\\p{L}\\p{N}])`, 'u').test(normalise(text));
}

/**
 * The playbook a channel message's phrase points to. Several playbooks may
 * share a phrase; the pair leaving the customer's team wins, then the one
 * leaving the team that works in this channel. With a customer, the pair's
 * most specific phrase playbook whose `when:` fits them; without one (the
 * message names nobody yet), any of the pair's: only its route is shown.
 */
export function matchPhrase(
  dir: Directory,
  text: string,
  channel: string,
  customer?: Pick<Customer, 'team' | 'language' | 'attributes'>,
): Playbook | undefined {
  const matching = dir.playbooks.filter(
    (p) => p.from !== p.to && p.trigger.phrases.some((ph) => containsWords(text, ph)),
  );
  // A channel id names one conversation on either platform.
  const inChannel = (p: Playbook) =>
    dir.platforms.some((platform) => dir.teamChannel(p.from, platform) === channel);
  const ordered = [
    ...matching.filter((p) => customer !== undefined && p.from === customer.team),
    ...matching.filter((p) => inChannel(p)),
    ...matching,
  ];
  if (!customer) return ordered[0];
  const subject = subjectOf(customer, undefined, { kind: 'phrase', platform: '', channel, messageId: '' });
  return pickAcrossPairs(ordered, matching, subject);
}

/**
 * The customer a message names: the longest known name or alias found in it
 * as whole words. Two different customers tied for the longest: nobody (the
 * proposal then asks).
 */
export function customerIn(text: string, names: readonly CustomerName[]): CustomerName | undefined {
  let best: CustomerName | undefined;
  let bestLength = 0;
  let tie = false;
  for (const n of names) {
    for (const candidate of [n.name, ...n.aliases]) {
      if (candidate.length < 3 || candidate.length < bestLength || !containsWords(text, candidate)) continue;
      if (candidate.length === bestLength && best && best.id !== n.id) tie = true;
      else if (candidate.length > bestLength) {
        best = n;
        bestLength = candidate.length;
        tie = false;
      }
    }
  }
  return tie ? undefined : best;
}
