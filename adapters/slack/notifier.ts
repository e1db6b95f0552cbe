import type { types, webApi } from '@slack/bolt';
import type { Directory } from '../../src/config/directory.js';
import type { Logger } from '../../src/log.js';
import type { DispatchItem, Notifier, Rendered, SendOutcome } from '../../src/outbox/notifier.js';
import type { Store } from '../../src/store/store.js';
import type { ActionOptions } from './blocks/actions.js';
import { cardBlocks } from './blocks/card.js';
import { noticeBlocks } from './blocks/notice.js';
import { LIMIT } from './blocks/text.js';
import { viewBlocks } from './blocks/view.js';
import { NOT_YET_MS, outcomeOfError } from './errors.js';
import { type Mrkdwn, messageText } from './escape.js';

export const DELIVERY_EVENT = 'baton_delivery';
const DM_NS = 'slack-dm';
/** Allowed difference between Baton's clock and Slack's, in seconds. */
const SKEW_S = 300;
/** Pages of history searched for a post in doubt (200 messages each) before giving up for now. */
const MAX_PAGES = 50;

export interface SlackNotifierDeps {
  client: webApi.WebClient;
  dir: Directory;
  store: Store;
  log: Logger;
  /** Messages a second a channel: Slack allows about one, with short bursts. */
  perSecond: number;
}

export interface SlackNotifier extends Notifier {
  /** The DM channel with a person (opened once, then remembered in the store). */
  dmChannel(person: string): Promise<string>;
}

interface Message {
  /** Escaped: chat.postMessage and chat.update parse `text` as mrkdwn. */
  text: Mrkdwn;
  blocks?: types.KnownBlock[];
}

export function messageOf(r: Rendered, opts: Omit<ActionOptions, 'locale'>): Message {
  switch (r.kind) {
    case 'card':
      return {
        text: messageText(r.card.fallback),
        blocks: cardBlocks(r.card, { ...opts, locale: r.card.locale }),
      };
    case 'notice':
      return {
        text: messageText(r.notice.fallback),
        blocks: noticeBlocks(r.notice, { ...opts, locale: r.notice.locale }),
      };
    case 'view':
      return {
        text: messageText(r.view.fallback || r.view.title),
        blocks: viewBlocks(r.view, { ...opts, locale: r.view.locale, max: LIMIT.messageBlocks }),
      };
    case 'text':
      return { text: messageText(r.text) };
  }
}

/**
 * Carries Baton's outbox to Slack. Every post is tagged with its delivery id
 * in message metadata, so after an unknown outcome (a 5xx, a timeout) the
 * outbox can look for it before posting again: a card is posted once.
 */
export function createSlackNotifier(deps: SlackNotifierDeps): SlackNotifier {
  const { client, dir, store, log } = deps;
  const dms = new Map<string, string>();
  const opts = { snoozeMax: dir.config.snooze.max };

  async function dmChannel(person: string): Promise<string> {
    const cached = dms.get(person) ?? ((await store.getKv(DM_NS, person)) as string | undefined);
    if (typeof cached === 'string' && cached) {
      dms.set(person, cached);
      return cached;
    }
    const user = dir.personId(person, 'slack');
    if (!user)
      throw Object.assign(new Error(`${person} has no Slack id`), {
        code: 'slack_webapi_platform_error',
        data: { error: 'user_not_found' },
      });
    const r = await client.conversations.open({ users: user });
    const id = r.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    dms.set(person, id);
    const saved = await store.commit({ kv: [{ ns: DM_NS, key: person, value: id }] });
    if (!saved.ok) log.warn({ person }, 'could not remember a Slack DM channel');
    return id;
  }

  /** Where a delivery goes: the channel, and the thread when it answers under a message. */
  async function whereTo(item: DispatchItem): Promise<{ channel: string; thread?: string; update?: string }> {
    const t = item.delivery.target;
    switch (t.kind) {
      case 'team': {
        const channel = dir.teamChannel(t.team, 'slack');
        if (!channel) throw platformError('channel_not_found');
        return { channel };
      }
      case 'person':
        return { channel: await dmChannel(t.person) };
      case 'card': {
        const ref = item.cardRef;
        if (!ref) throw platformError('message_not_found');
        return item.rendered.kind === 'card'
          ? { channel: ref.conversationId, update: ref.messageId }
          : { channel: ref.conversationId, thread: ref.messageId };
      }
      case 'address':
        return { channel: t.conversationId, ...(t.threadId ? { thread: t.threadId } : {}) };
    }
  }

  async function send(item: DispatchItem): Promise<SendOutcome> {
    try {
      const where = await whereTo(item);
      const message = messageOf(item.rendered, opts);
      if (where.update) {
        await client.chat.update({ channel: where.channel, ts: where.update, ...message });
        return { ok: true, ref: { conversationId: where.channel, messageId: where.update } };
      }
      const r = await client.chat.postMessage({
        channel: where.channel,
        ...(where.thread ? { thread_ts: where.thread } : {}),
        ...message,
        unfurl_links: false,
        metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery: item.delivery.id } },
      });
      return { ok: true, ref: { conversationId: r.channel ?? where.channel, messageId: r.ts ?? '' } };
    } catch (err) {
      const outcome = outcomeOfError(err);
      // A team's channel Slack cannot find: to Baton a private channel it is not in looks like one
      // that does not exist, and a channel missing from the config is fixed there. Either way a
      // person fixes it, so the card waits, named, as for not_in_channel, instead of failing for good.
      const target = item.delivery.target;
      if (outcome.error === 'channel_not_found' && target.kind === 'team')
        return {
          ok: false,
          error: `channel_not_found: ${channelUnseen(target.team)}`,
          retryAfterMs: NOT_YET_MS,
          notYet: true,
        };
      if (outcome.permanent)
        log.error({ delivery: item.delivery.id, error: outcome.error }, 'Slack refused a delivery');
      // Named where /readyz, `baton check` and the log show it, with what fixes it.
      if (outcome.notYet) return { ...outcome, error: `${outcome.error}: ${notInChannel(item)}` };
      return outcome;
    }
  }

  function notInChannel(item: DispatchItem): string {
    const t = item.delivery.target;
    const channel = channelOf(item) ?? 'its channel';
    const where = t.kind === 'team' ? `the ${dir.teamName(t.team)} channel (${channel})` : channel;
    return `Baton is not in ${where} yet; invite it there with /invite @Baton`;
  }

  /** Why a team's card cannot reach its channel, with what fixes it. */
  function channelUnseen(teamKey: string): string {
    const team = dir.teamName(teamKey);
    const channel = dir.teamChannel(teamKey, 'slack');
    if (!channel)
      return `the ${team} team has no Slack channel in the config; set teams.${teamKey}.slack.channel in baton.config.yaml`;
    return (
      `Slack shows Baton no channel ${channel} for ${team}: if it is private, invite Baton there with ` +
      `/invite @Baton; if not, fix teams.${teamKey}.slack.channel in baton.config.yaml`
    );
  }

  async function reconcile(
    item: DispatchItem,
  ): Promise<{ conversationId: string; messageId: string } | undefined> {
    const where = await whereTo(item);
    // An update can be sent again as it is; only posts could be doubled.
    if (where.update) return undefined;
    const d = item.delivery;
    // Slack stamps a post when it takes it, after `sendingSince` (or the delivery's creation, for a
    // doubt without it); five minutes allow for clock skew. No upper bound: newest first, paged.
    const since = Date.parse(d.sendingSince ?? d.createdAt);
    const oldest = String(Math.floor(since / 1000) - SKEW_S);
    const args = { channel: where.channel, include_all_metadata: true, limit: 200, oldest };
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = where.thread
        ? await client.conversations.replies({ ...args, ts: where.thread, ...(cursor ? { cursor } : {}) })
        : await client.conversations.history({ ...args, ...(cursor ? { cursor } : {}) });
      const found = (r.messages ?? []).find((m) => {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { delivery?: unknown } } })
          .metadata;
        return meta?.event_type === DELIVERY_EVENT && meta.event_payload?.delivery === d.id;
      });
      if (found?.ts) return { conversationId: where.channel, messageId: found.ts };
      cursor = r.response_metadata?.next_cursor || undefined;
      if (!r.has_more || !cursor) return undefined;
    }
    // Not knowing is not "not there": the outbox asks again later rather than posting.
    throw new Error(
      `more than ${MAX_PAGES * 200} messages in ${where.channel} around the post; not searched`,
    );
  }

  /** The channel a delivery goes to, as far as known without asking Slack (a DM not yet opened: `dm:<person>`). */
  function channelOf(item: DispatchItem): string | undefined {
    const t = item.delivery.target;
    return t.kind === 'team'
      ? dir.teamChannel(t.team, 'slack')
      : t.kind === 'person'
        ? (dms.get(t.person) ?? `dm:${t.person}`)
        : t.kind === 'card'
          ? item.cardRef?.conversationId
          : t.conversationId;
  }

  function pacing(item: DispatchItem): Array<{ key: string; perSecond: number }> {
    const channel = channelOf(item);
    return channel ? [{ key: `slack:${channel}`, perSecond: deps.perSecond }] : [];
  }

  return { platform: 'slack', send, reconcile, pacing, dmChannel };
}

function platformError(error: string): Error {
  return Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { error } });
}
