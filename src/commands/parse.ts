import { CONTACT_CHANNELS, type ContactChannel } from '../domain/types.js';

/**
 * The command words of `/handoff` and `/cx`, the same on every platform
 * (a command, or a message after @Baton). Parsing never throws: anything it cannot read becomes
 * `help` with what was wrong, so a person always gets a useful answer.
 */
export type HandoffCommand =
  | { kind: 'handoff'; customer: string; to: { team: string } | { person: string }; note?: string }
  | { kind: 'help'; problem?: 'missing-customer' | 'missing-to' };

export type CxCommand =
  | { kind: 'customer'; customer: string }
  | { kind: 'mine' }
  | { kind: 'gaps' }
  /** A private one-time sign-in link to the web dashboard. */
  | { kind: 'dashboard' }
  | { kind: 'contact'; customer: string; channel: ContactChannel; note?: string }
  | { kind: 'forget'; customer: string; confirmed: boolean }
  /** Time off: `person` absent means the caller themself; names are `@<key or platform id>`. */
  | { kind: 'away'; person?: string; until: string; backup?: string }
  | { kind: 'back'; person?: string }
  /** `away`/`back` that could not be read: what was wrong, so the reply can show the right form. */
  | { kind: 'away-help'; problem: AwayProblem }
  | { kind: 'help'; problem?: string };

/** What an `away` command lacked: `until` (no date), `date` (not a real YYYY-MM-DD), `backup`, `extra` words. */
export type AwayProblem = 'until' | 'date' | 'backup' | 'extra';

const MAX_TEXT = 2_000;

/** `<customer> to <team|@person> [: note]`; the customer may be quoted. */
export function parseHandoff(raw: string): HandoffCommand {
  const text = clean(raw);
  if (!text) return { kind: 'help' };
  const noteAt = text.indexOf(':');
  const head = (noteAt >= 0 ? text.slice(0, noteAt) : text).trim();
  const note = noteAt >= 0 ? text.slice(noteAt + 1).trim() : '';
  const m = /^(?:"([^"]+)"|(.+?))\s+to\s+(.+)$/i.exec(head);
  if (!m) return { kind: 'help', problem: head ? 'missing-to' : 'missing-customer' };
  const customer = (m[1] ?? m[2] ?? '').trim();
  const target = (m[3] ?? '').trim();
  if (!customer) return { kind: 'help', problem: 'missing-customer' };
  if (!target) return { kind: 'help', problem: 'missing-to' };
  const to = parseTarget(target);
  return { kind: 'handoff', customer, to, ...(note ? { note } : {}) };
}

/**
 * `@dana`, or `@` and a platform's user id (an adapter turns its own mention
 * syntax into this): a person; anything else a team.
 */
function parseTarget(target: string): { team: string } | { person: string } {
  if (target.startsWith('@')) return { person: target.slice(1).trim() };
  return { team: target.replace(/^#/, '') };
}

export function parseCx(raw: string): CxCommand {
  const text = clean(raw);
  if (!text) return { kind: 'help' };
  const [word = '', ...rest] = text.split(/\s+/);
  const tail = text.slice(word.length).trim();
  switch (word.toLowerCase()) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'mine':
    case 'me':
      return { kind: 'mine' };
    case 'gaps':
      return { kind: 'gaps' };
    case 'dashboard':
      return { kind: 'dashboard' };
    case 'contact':
      return parseContact(tail);
    case 'away':
      return parseAway(tail);
    case 'back':
      return parseBack(tail);
    case 'forget': {
      const confirmed = rest[rest.length - 1]?.toLowerCase() === '--confirm';
      const customer = unquote(confirmed ? tail.replace(/\s*--confirm$/i, '') : tail);
      return customer
        ? { kind: 'forget', customer, confirmed }
        : { kind: 'help', problem: 'missing-customer' };
    }
    default:
      return { kind: 'customer', customer: unquote(text) };
  }
}

/** `contact <customer> [call|email|chat|meeting] [note]`; the customer may be several words or quoted. */
function parseContact(tail: string): CxCommand {
  if (!tail) return { kind: 'help', problem: 'missing-customer' };
  let customer: string;
  let after: string;
  const quoted = /^"([^"]+)"\s*(.*)$/.exec(tail);
  if (quoted) {
    customer = quoted[1] ?? '';
    after = quoted[2] ?? '';
  } else {
    const words = tail.split(/\s+/);
    const at = words.findIndex((w) => isChannel(w));
    customer = (at > 0 ? words.slice(0, at) : words).join(' ');
    after = at > 0 ? words.slice(at).join(' ') : '';
  }
  const [maybeChannel = '', ...noteWords] = after.split(/\s+/).filter(Boolean);
  const channel: ContactChannel = isChannel(maybeChannel)
    ? (maybeChannel.toLowerCase() as ContactChannel)
    : 'call';
  const note = (isChannel(maybeChannel) ? noteWords : [maybeChannel, ...noteWords]).join(' ').trim();
  if (!customer.trim()) return { kind: 'help', problem: 'missing-customer' };
  return { kind: 'contact', customer: customer.trim(), channel, ...(note ? { note } : {}) };
}

/** `[@person] until YYYY-MM-DD [backup @other]`. */
export function parseAway(tail: string): CxCommand {
  const words = tail.split(/\s+/).filter(Boolean);
  let person: string | undefined;
  if (words[0]?.startsWith('@')) person = mentioned(words.shift() ?? '');
  if (words.shift()?.toLowerCase() !== 'until') return { kind: 'away-help', problem: 'until' };
  const until = words.shift() ?? '';
  if (!isRealDate(until)) return { kind: 'away-help', problem: until ? 'date' : 'until' };
  let backup: string | undefined;
  if (words[0]?.toLowerCase() === 'backup') {
    words.shift();
    backup = mentioned(words.shift() ?? '');
    if (!backup) return { kind: 'away-help', problem: 'backup' };
  }
  if (words.length > 0) return { kind: 'away-help', problem: 'extra' };
  return { kind: 'away', until, ...(person ? { person } : {}), ...(backup ? { backup } : {}) };
}

/** `[@person]`. */
export function parseBack(tail: string): CxCommand {
  const words = tail.split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: 'back' };
  const person = words.length === 1 ? mentioned(words[0] ?? '') : undefined;
  return person ? { kind: 'back', person } : { kind: 'away-help', problem: 'extra' };
}

/** `@dana` or `dana` → `dana`; empty when nothing is named. */
function mentioned(word: string): string | undefined {
  const name = word.replace(/^@/, '').trim();
  return name || undefined;
}

/** A calendar day that exists (`2026-02-30` does not), written as YYYY-MM-DD. */
function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function isChannel(w: string): boolean {
  return (CONTACT_CHANNELS as readonly string[]).includes(w.toLowerCase());
}

function unquote(s: string): string {
  return s.replace(/^"(.*)"$/, '$1').trim();
}

/** Control characters out, whitespace folded, length bounded: input is from anyone. */
function clean(raw: string): string {
  return (
    raw
      .slice(0, MAX_TEXT)
      // Stripping control characters is exactly the point here.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: input sanitising
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
