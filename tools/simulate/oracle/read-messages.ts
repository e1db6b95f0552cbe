/**
 * What a person reads in a message about each customer it names: a reminder
 * to contact them, a reminder to accept them, an escalation, or only a
 * mention (a card, a note). The sentences are Baton's English and Korean
 * wording, copied here on purpose: the oracle reads messages the way people
 * do, not through the product's own templates.
 */
export type Reading = 'contact' | 'accept' | 'escalation' | 'mention';

/** Customer names in the simulation: two capitalised words and a 4-digit number. */
const NAME = /[A-Z][A-Za-z]+ [A-Z][A-Za-z]+ \d{4}/g;

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PATTERNS: Array<[Exclude<Reading, 'mention'>, (n: string) => string]> = [
  [
    'escalation',
    (n) =>
      `Escalated to you: \\*?${n}|has not logged a first contact with ${n}|has not accepted ${n}|Nobody has contacted ${n}|declined the handoff of ${n} from`,
  ],
  [
    'escalation',
    (n) =>
      `에스컬레이션: \\*?${n}|${n} 고객과의 첫 연락을 기록하지|${n} 인계가 아직 수락되지|${n} 고객과 너무 오래|넘어온 ${n} 인계를 거절했는데`,
  ],
  ['contact', (n) => `Log your first contact with ${n}|Time to check in with ${n}`],
  ['contact', (n) => `${n} 고객에게 첫 연락을|${n} 고객에게 안부를`],
  ['accept', (n) => `${n} is waiting for (you|someone)|넘어온 ${n} 인계가`],
];

/** Each customer name found, with everything the message says about them. */
export function readMessage(text: string): Map<string, Set<Reading>> {
  const out = new Map<string, Set<Reading>>();
  for (const name of new Set(text.match(NAME) ?? [])) {
    const found = new Set<Reading>(['mention']);
    const n = esc(name);
    for (const [reading, pattern] of PATTERNS)
      if (new RegExp(`(?:${pattern(n)})(?!\\d)`).test(text)) found.add(reading);
    out.set(name, found);
  }
  return out;
}

/** On a card in a channel: who Baton asked to accept ("waiting for Tom Delivery (Delivery) to accept"). */
export function askedOnCard(text: string, name: string): string | undefined {
  if (!text.includes(name)) return undefined;
  const m =
    /waiting for ([A-Z][a-z]+ [A-Z][A-Za-z]+) \(/.exec(text) ??
    /수락 대기 중: ([A-Z][a-z]+ [A-Z][A-Za-z ]+?)님\(/.exec(text);
  return m?.[1];
}
