import type { Activity } from 'botbuilder';
import type { Directory } from '../../src/config/directory.js';

/** Where an activity happened, in the words Baton needs. */
export type Place = 'personal' | 'channel' | 'groupChat';

export function placeOf(a: Partial<Activity>): Place {
  const type = a.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  if (type === 'personal') return 'personal';
  return a.conversation?.isGroup ? 'groupChat' : 'personal';
}

/** What kind of conversation an id is, when Baton has not been told: Teams' id formats say it. */
export function placeOfId(id: string): Place {
  const base = baseConversationId(id);
  if (/@thread\.(tacv2|skype)$/.test(base)) return 'channel';
  if (/@thread\.v2$/.test(base)) return 'groupChat';
  return 'personal';
}

interface TeamsChannelData {
  channel?: { id?: string };
  team?: { id?: string };
  tenant?: { id?: string };
  teamsChannelId?: string;
  teamsTeamId?: string;
  eventType?: string;
}

export function channelData(a: Partial<Activity>): TeamsChannelData {
  const d: unknown = a.channelData;
  return d && typeof d === 'object' ? (d as TeamsChannelData) : {};
}

/** The conversation id without a thread suffix (`19:x@thread.tacv2;messageid=1` → `19:x@thread.tacv2`). */
export function baseConversationId(id: string): string {
  const at = id.indexOf(';messageid=');
  return at >= 0 ? id.slice(0, at) : id;
}

/** The root message of the thread an activity is in: from the conversation id, else the activity itself. */
export function threadRoot(a: Partial<Activity>): string {
  const m = /;messageid=([^;]+)/.exec(a.conversation?.id ?? '');
  return m?.[1] ?? a.replyToId ?? a.id ?? '';
}

/** The channel an activity belongs to (the team's General channel has the team's id). */
export function channelIdOf(a: Partial<Activity>): string {
  const d = channelData(a);
  return d.channel?.id ?? d.teamsChannelId ?? baseConversationId(a.conversation?.id ?? '');
}

export function tenantOf(a: Partial<Activity>): string | undefined {
  return channelData(a).tenant?.id ?? a.conversation?.tenantId ?? undefined;
}

/** The person key behind a Teams user: by the `29:` id, else by the Entra (AAD) object id. */
export function personOf(dir: Directory, from: Activity['from'] | undefined): string | undefined {
  if (!from) return undefined;
  return (
    (from.id ? dir.personByPlatformId('teams', from.id) : undefined) ??
    (from.aadObjectId ? dir.personByPlatformId('teams', from.aadObjectId) : undefined)
  );
}

/** Baton's own messages (RSC delivers them too) and other bots' are never commands or moments. */
export function fromABot(a: Partial<Activity>): boolean {
  if (a.from?.role === 'bot') return true;
  return Boolean(a.from?.id && a.recipient?.id && a.from.id === a.recipient.id);
}

/** Did the message @mention Baton? */
export function mentionsBaton(a: Partial<Activity>): boolean {
  const me = a.recipient?.id;
  return (a.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === me,
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A numeric character reference as text. Anyone can send `&#99999999;`; what
 * is not a Unicode scalar value becomes U+FFFD rather than an exception.
 */
function codePointText(code: string): string {
  const n = code[0] === 'x' || code[0] === 'X' ? Number.parseInt(code.slice(1), 16) : Number(code);
  const scalar = Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff);
  return scalar ? String.fromCodePoint(n) : '\uFFFD';
}

/**
 * What a person typed, as plain words: Baton's mention taken out, a mention
 * of a person Baton knows turned into `@<person key>` (so `handoff Acme to
 * @Tom` names Tom), other mentions kept as their names, Teams' HTML undone.
 */
export function commandText(a: Partial<Activity>, personById?: (id: string) => string | undefined): string {
  let text = a.text ?? '';
  const me = a.recipient?.id;
  for (const e of a.entities ?? []) {
    const m = e as { type?: string; text?: string; mentioned?: { id?: string } };
    if (m.type !== 'mention' || !m.text || !m.mentioned?.id) continue;
    if (m.mentioned.id === me) text = text.split(m.text).join(' ');
    else {
      const key = personById?.(m.mentioned.id);
      if (key) text = text.split(m.text).join(`@${key}`);
    }
  }
  return text
    .replace(/<at>([^<]*)<\/at>/g, (_, name: string) => (name === a.recipient?.name ? ' ' : `@${name}`))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|span)[^>]*>/gi, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/&#(\d+|[xX][0-9a-fA-F]+);/g, (_, code: string) => codePointText(code))
    .replace(/[ \t]+/g, ' ')
    .trim();
}
