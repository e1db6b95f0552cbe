import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder';
import type { Directory } from '../../src/config/directory.js';
import type { Logger } from '../../src/log.js';
import type { DispatchItem, Notifier, SendOutcome } from '../../src/outbox/notifier.js';
import type { Store } from '../../src/store/store.js';
import { baseConversationId, placeOfId } from './activity.js';
import { localModeRefusal, mayPostTo } from './admission.js';
import { type Bot, sendNew } from './bot.js';
import { outcomeOfError, unreachable } from './errors.js';
import { type TeamsEnv, teamsIdsOf, teamsUserOf } from './platform.js';
import { type ConversationBook, type StoredRef, toReference } from './refs.js';
import { type ReaderKey, renderedActivity } from './render.js';

export interface TeamsNotifierDeps {
  bot: Bot;
  book: ConversationBook;
  dir: Directory;
  store: Store;
  env: TeamsEnv;
  log: Logger;
}

/** Teams' documented limits: 7 operations a second in a conversation, 50 a second in a tenant. */
const PER_CONVERSATION = 7;
const PER_TENANT = 50;
/** Without a way to reach a channel yet, ask again later: someone may install Baton meanwhile. */
const NOT_YET_MS = 10 * 60_000;

type Where =
  | {
      kind: 'continue';
      ref: Partial<ConversationReference>;
      replyTo?: string;
      update?: string;
      person?: string;
    }
  | { kind: 'create'; serviceUrl: string; person: string; userId: string; tenantId?: string };

/**
 * Carries Baton's outbox to Teams. Team cards go to the team's channel,
 * reminders to a 1:1 chat (opened when none is known yet), card changes are
 * updates of the posted activity, notes are replies in its thread. Every
 * failure comes back as an outcome, never lost in botbuilder's turn error.
 */
export function createTeamsNotifier(deps: TeamsNotifierDeps): Notifier {
  const { bot, book, dir, env, log } = deps;

  function tenantOfTeam(team: string): string | undefined {
    return teamsIdsOf(dir.team(team))?.tenant ?? env.MicrosoftAppTenantId;
  }

  function refWith(
    base: StoredRef | undefined,
    serviceUrl: string,
    id: string,
    tenantId?: string,
  ): StoredRef {
    const tenant = tenantId ?? base?.conversation.tenantId;
    const kind = base?.conversation.conversationType ?? placeOfId(id);
    return {
      serviceUrl,
      channelId: base?.channelId ?? 'msteams',
      ...(base?.bot ? { bot: base.bot } : {}),
      conversation: {
        id,
        conversationType: kind,
        isGroup: kind !== 'personal',
        ...(tenant ? { tenantId: tenant } : {}),
      },
    };
  }

  /**
   * A reply under a message: in a channel, a post in the thread's own
   * conversation (`<channel>;messageid=<root>`), as Teams threads work;
   * in a chat, a reply to the message.
   */
  function inThread(conv: StoredRef, root: string): Where {
    if (conv.conversation.conversationType !== 'channel')
      return { kind: 'continue', ref: toReference(conv), replyTo: root };
    const id = `${baseConversationId(conv.conversation.id)};messageid=${root}`;
    return { kind: 'continue', ref: toReference({ ...conv, conversation: { ...conv.conversation, id } }) };
  }

  /** A conversation Baton may not have heard from: its own reference, else the connector it was last seen on. */
  async function conversation(
    id: string,
    serviceUrl?: string,
    tenantId?: string,
  ): Promise<StoredRef | undefined> {
    const known = await book.get(baseConversationId(id));
    const url =
      serviceUrl ?? known?.serviceUrl ?? env.TEAMS_SERVICE_URL ?? (await book.anyServiceUrl(tenantId));
    return url ? refWith(known, url, id, tenantId) : undefined;
  }

  async function whereTo(item: DispatchItem): Promise<Where | Extract<SendOutcome, { ok: false }>> {
    const t = item.delivery.target;
    switch (t.kind) {
      case 'team': {
        const cfg = teamsIdsOf(dir.team(t.team));
        if (!cfg)
          return unreachable(`team ${t.team} has no Teams channel in the config`, { permanent: true });
        const tenant = tenantOfTeam(t.team);
        const own = (await book.get(cfg.channel)) ?? (cfg.team ? await book.get(cfg.team) : undefined);
        const url = own?.serviceUrl ?? env.TEAMS_SERVICE_URL ?? (await book.anyServiceUrl(tenant));
        if (!url) {
          return unreachable(
            `cannot post to the Teams channel of ${dir.teamName(t.team)} yet: install Baton in that team, or set TEAMS_SERVICE_URL`,
            { retryAfterMs: NOT_YET_MS, notYet: true },
          );
        }
        return { kind: 'continue', ref: toReference(refWith(own, url, cfg.channel, tenant)) };
      }
      case 'person': {
        const p = dir.person(t.person);
        const userId = teamsUserOf(p);
        const own = (await book.get(t.person)) ?? (userId ? await book.get(userId) : undefined);
        if (own) return { kind: 'continue', ref: toReference(own), person: t.person };
        if (!p || !userId)
          return unreachable(`${t.person} has no Teams id in the config`, { permanent: true });
        // Teams opens no 1:1 chat without the tenant (400 "Could not parse tenant id"): the one the
        // person was seen in, else the configured one, else that of the connector Baton knows.
        const seen = (await book.tenantOfPerson(t.person)) ?? (await book.tenantOfPerson(userId));
        const configured = seen ?? tenantOfTeam(p.team);
        const known = await book.anyRef(configured);
        const tenant = configured ?? known?.conversation.tenantId;
        const url = env.TEAMS_SERVICE_URL ?? known?.serviceUrl;
        if (!url) {
          // As for a channel Baton is not in yet: the message waits (counted, named by /readyz and
          // `baton check`) and goes once they open Baton in Teams, rather than being dropped.
          return unreachable(
            `cannot message ${dir.personName(t.person)} in Teams yet: they have not installed Baton or talked to it; ask them to open Baton in Teams, or set TEAMS_SERVICE_URL`,
            { retryAfterMs: NOT_YET_MS, notYet: true },
          );
        }
        if (!tenant && bot.appId) {
          return unreachable(
            `cannot open a Teams chat with ${dir.personName(t.person)}: no tenant known; set MicrosoftAppTenantId (or the team's teams.tenant in the config)`,
            { retryAfterMs: NOT_YET_MS },
          );
        }
        return {
          kind: 'create',
          serviceUrl: url,
          person: t.person,
          userId,
          ...(tenant ? { tenantId: tenant } : {}),
        };
      }
      case 'card': {
        const ref = item.cardRef;
        if (!ref) return unreachable('the card to update is not known', { permanent: true });
        const conv = await conversation(ref.conversationId, ref.serviceUrl);
        if (!conv)
          return unreachable(`no Teams connector known for ${ref.conversationId}`, {
            retryAfterMs: NOT_YET_MS,
          });
        return item.rendered.kind === 'card'
          ? { kind: 'continue', ref: toReference(conv), update: ref.messageId }
          : inThread(conv, ref.messageId);
      }
      case 'address': {
        const conv = await conversation(t.conversationId, t.serviceUrl);
        if (!conv)
          return unreachable(`no Teams connector known for ${t.conversationId}`, {
            retryAfterMs: NOT_YET_MS,
          });
        return t.threadId ? inThread(conv, t.threadId) : { kind: 'continue', ref: toReference(conv) };
      }
    }
  }

  async function readerKey(item: DispatchItem): Promise<ReaderKey> {
    const t = item.delivery.target;
    if (t.kind === 'team') return `team:${t.team}`;
    if (t.kind === 'person') return `person:${t.person}`;
    const m = item.delivery.message;
    const h = 'handoffId' in m ? await deps.store.getHandoff(m.handoffId) : undefined;
    return `team:${h?.to ?? dir.journey[0] ?? ''}`;
  }

  async function send(item: DispatchItem): Promise<SendOutcome> {
    try {
      const where = await whereTo(item);
      if ('ok' in where) return where;
      const url = where.kind === 'create' ? where.serviceUrl : where.ref.serviceUrl;
      if (!mayPostTo(env, url)) {
        const error = localModeRefusal(url);
        log.error({ delivery: item.delivery.id, error }, 'Teams did not take a delivery');
        return unreachable(error, { permanent: true });
      }
      const activity = await renderedActivity(deps, item.rendered, await readerKey(item));
      if (where.kind === 'create') return await openAndSend(where, activity);
      const conversationId = baseConversationId(where.ref.conversation?.id ?? '');
      const serviceUrl = where.ref.serviceUrl ?? '';
      const r = await bot.continueIn<ResourceResponse | undefined>(where.ref, async (ctx) =>
        where.update
          ? ((await ctx.updateActivity({ ...activity, id: where.update })) ?? undefined)
          : sendNew(ctx, activity, where.replyTo),
      );
      const messageId = where.update ?? (r ? r.id : '');
      return { ok: true, ref: { conversationId, messageId, serviceUrl } };
    } catch (err) {
      const outcome = outcomeOfError(err);
      const level = outcome.permanent ? 'error' : 'warn';
      log[level]({ delivery: item.delivery.id, error: outcome.error }, 'Teams did not take a delivery');
      return outcome;
    }
  }

  /** A 1:1 chat Baton has not had yet: opened, remembered for next time, and the message sent in it. */
  async function openAndSend(
    where: Extract<Where, { kind: 'create' }>,
    activity: Partial<Activity>,
  ): Promise<SendOutcome> {
    const anyBot = (await book.all()).find((r) => r.ref.bot)?.ref.bot;
    const botId = bot.appId ? `28:${bot.appId}` : (anyBot?.id ?? 'baton');
    const tenant = where.tenantId;
    const params = {
      isGroup: false,
      bot: { id: botId, name: anyBot?.name ?? 'Baton' },
      members: [{ id: where.userId, name: '' }],
      ...(tenant ? { tenantId: tenant, channelData: { tenant: { id: tenant } } } : {}),
    };
    const r = await bot.createIn(where.serviceUrl, params as never, async (ctx) => {
      const conversationId = ctx.activity.conversation.id;
      await book.put(where.person, {
        serviceUrl: where.serviceUrl,
        channelId: 'msteams',
        bot: { id: botId, name: params.bot.name },
        conversation: {
          id: conversationId,
          conversationType: 'personal',
          isGroup: false,
          ...(tenant ? { tenantId: tenant } : {}),
        },
      });
      const sent = await sendNew(ctx, activity);
      return { conversationId, messageId: sent?.id ?? '' };
    });
    return { ok: true, ref: { ...r, serviceUrl: where.serviceUrl } };
  }

  function pacing(item: DispatchItem): Array<{ key: string; perSecond: number }> {
    const t = item.delivery.target;
    let conversation: string | undefined;
    let tenant: string | undefined;
    switch (t.kind) {
      case 'team':
        conversation = teamsIdsOf(dir.team(t.team))?.channel;
        tenant = tenantOfTeam(t.team);
        break;
      case 'person': {
        conversation = `person:${t.person}`;
        tenant = tenantOfTeam(dir.person(t.person)?.team ?? '');
        break;
      }
      case 'card':
        conversation = item.cardRef?.conversationId;
        break;
      case 'address':
        conversation = baseConversationId(t.conversationId);
        break;
    }
    return [
      ...(conversation ? [{ key: `teams:conv:${conversation}`, perSecond: PER_CONVERSATION }] : []),
      { key: `teams:tenant:${tenant ?? env.MicrosoftAppTenantId ?? 'default'}`, perSecond: PER_TENANT },
    ];
  }

  return { platform: 'teams', send, pacing };
}
