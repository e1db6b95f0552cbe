import type { Activity, ConversationReference } from 'botbuilder';
import type { Logger } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';
import { baseConversationId, channelData, channelIdOf, placeOf, tenantOf } from './activity.js';

export const REF_NS = 'teams-conv';
/** The tenant each person's activities came from, by person key (or Teams id): a new 1:1 chat must name it. */
export const TENANT_NS = 'teams-tenant';

/**
 * What Baton keeps to reach a conversation later (a proactive post): the
 * connector's URL for the tenant, the conversation, and the bot's own id.
 * Nothing about the person who happened to write is kept.
 */
export interface StoredRef {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; conversationType?: string; isGroup?: boolean; tenantId?: string };
  bot?: { id: string; name?: string };
  /** The team a channel belongs to, when Teams said. */
  teamId?: string;
}

export function toReference(ref: StoredRef): Partial<ConversationReference> {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    conversation: {
      id: ref.conversation.id,
      isGroup: ref.conversation.isGroup ?? false,
      conversationType: ref.conversation.conversationType ?? 'personal',
      name: '',
      ...(ref.conversation.tenantId ? { tenantId: ref.conversation.tenantId } : {}),
    },
    ...(ref.bot ? { bot: { id: ref.bot.id, name: ref.bot.name ?? 'Baton' } } : {}),
  };
}

/**
 * The conversation references Baton has learned, kept in the store's kv
 * (`teams-conv`): a channel or group chat under its conversation id, a 1:1
 * chat under the person's key (or, for someone not in the config yet, their
 * Teams id, so adding them later finds it). A cache keeps the message path
 * from writing: a reference is committed only when it is new or changed.
 */
export function createConversationBook(deps: { store: Store; log: Logger }) {
  const cache = new Map<string, StoredRef | null>();

  async function get(key: string): Promise<StoredRef | undefined> {
    if (cache.has(key)) return cache.get(key) ?? undefined;
    const value = (await deps.store.getKv(REF_NS, key)) as StoredRef | undefined;
    const ok = value && typeof value === 'object' && typeof value.serviceUrl === 'string' ? value : undefined;
    cache.set(key, ok ?? null);
    return ok;
  }

  /** Stores a reference (null forgets it); true when it was not known before. */
  async function put(key: string, ref: StoredRef | null): Promise<boolean> {
    // The message path: the same conversation seen again costs a map look-up, not a serialisation.
    const known = cache.get(key);
    if (
      known &&
      ref &&
      known.serviceUrl === ref.serviceUrl &&
      known.conversation.id === ref.conversation.id
    ) {
      if (known.bot?.id === ref.bot?.id && known.conversation.tenantId === ref.conversation.tenantId)
        return false;
    }
    const before = await get(key);
    if (JSON.stringify(before ?? null) === JSON.stringify(ref)) return false;
    const r = await deps.store.commit({ kv: [{ ns: REF_NS, key, value: ref }] });
    if (!r.ok) {
      deps.log.warn({ key }, 'could not remember a Teams conversation');
      return false;
    }
    cache.set(key, ref);
    return before === undefined;
  }

  const tenants = new Map<string, string | null>();

  /** The tenant a person was last seen in. */
  async function tenantOfPerson(key: string): Promise<string | undefined> {
    if (tenants.has(key)) return tenants.get(key) ?? undefined;
    const value = await deps.store.getKv(TENANT_NS, key);
    const tenant = typeof value === 'string' && value ? value : undefined;
    tenants.set(key, tenant ?? null);
    return tenant;
  }

  async function rememberTenant(key: string, tenant: string): Promise<void> {
    if ((await tenantOfPerson(key)) === tenant) return;
    const r = await deps.store.commit({ kv: [{ ns: TENANT_NS, key, value: tenant }] });
    if (r.ok) tenants.set(key, tenant);
    else deps.log.warn({ key }, "could not remember a Teams user's tenant");
  }

  /**
   * Learns where this activity came from; `person` is the sender's key when
   * Baton knows them. True when the conversation is new to Baton. Only
   * activities the transport admitted get here (a valid token, or in local
   * mode a loopback sender naming a loopback connector).
   */
  async function learn(a: Partial<Activity>, person: string | undefined): Promise<boolean> {
    const serviceUrl = a.serviceUrl;
    const conversationId = a.conversation?.id;
    const tenantId = tenantOf(a);
    const sender = person ?? a.from?.id;
    if (tenantId && sender && a.from?.role !== 'bot') await rememberTenant(sender, tenantId);
    if (!serviceUrl || !conversationId) return false;
    const bot = a.recipient?.id
      ? { id: a.recipient.id, ...(a.recipient.name ? { name: a.recipient.name } : {}) }
      : undefined;
    const base = { serviceUrl, channelId: a.channelId ?? 'msteams', ...(bot ? { bot } : {}) };
    const place = placeOf(a);
    if (place === 'personal') {
      const key = person ?? a.from?.id;
      if (!key) return false;
      return put(key, {
        ...base,
        conversation: {
          id: conversationId,
          conversationType: 'personal',
          isGroup: false,
          ...(tenantId ? { tenantId } : {}),
        },
      });
    }
    const teamId = channelData(a).team?.id;
    const id = place === 'channel' ? channelIdOf(a) : baseConversationId(conversationId);
    const conversation = { id, conversationType: place, isGroup: true, ...(tenantId ? { tenantId } : {}) };
    const learnt = await put(id, { ...base, conversation, ...(teamId ? { teamId } : {}) });
    // The team's General channel carries the team's id: knowing one channel of a team reaches the others.
    if (teamId && teamId !== id && !(await get(teamId))) {
      await put(teamId, { ...base, conversation: { ...conversation, id: teamId }, teamId });
    }
    return learnt;
  }

  /** Baton was removed from a conversation: posting there would only fail. */
  async function forget(a: Partial<Activity>, person: string | undefined): Promise<void> {
    const place = placeOf(a);
    const key = place === 'personal' ? (person ?? a.from?.id) : channelIdOf(a);
    if (key) await put(key, null);
  }

  async function all(): Promise<Array<{ key: string; ref: StoredRef }>> {
    const rows = await deps.store.listKv(REF_NS);
    return rows
      .filter((r) => r.value && typeof r.value === 'object')
      .map((r) => ({ key: r.key, ref: r.value as StoredRef }));
  }

  /** Any conversation Baton has seen (preferably in this tenant): its connector serves proactive posts. */
  async function anyRef(tenantId?: string): Promise<StoredRef | undefined> {
    const known = [...cache.values()].filter((r): r is StoredRef => r !== null);
    const pool = known.length > 0 ? known : (await all()).map((r) => r.ref);
    const sameTenant = pool.find((r) => tenantId && r.conversation.tenantId === tenantId);
    return sameTenant ?? pool[0];
  }

  async function anyServiceUrl(tenantId?: string): Promise<string | undefined> {
    return (await anyRef(tenantId))?.serviceUrl;
  }

  return { get, put, learn, forget, all, anyRef, anyServiceUrl, tenantOfPerson };
}

export type ConversationBook = ReturnType<typeof createConversationBook>;
