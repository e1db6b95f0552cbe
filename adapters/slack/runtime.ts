import type { App, types, webApi } from '@slack/bolt';
import type PQueue from 'p-queue';
import type { Directory } from '../../src/config/directory.js';
import { t } from '../../src/i18n/translate.js';
import type { Logger } from '../../src/log.js';
import type { Services } from '../../src/services/index.js';
import { readerFor, type ViewReader } from '../../src/views/reader.js';
import type { ActionOptions } from './blocks/actions.js';
import { type Mrkdwn, messageText } from './escape.js';
import type { SlackNotifier } from './notifier.js';
import { postResponse } from './response-url.js';

/** What every handler works with. */
export interface SlackRuntime {
  app: App;
  /**
   * The work after an acknowledgement, a few at a time: a burst of commands
   * queues here instead of crowding the event loop that must keep
   * acknowledging within Slack's 3 seconds.
   */
  work: PQueue;
  /** Answers on their way to Slack: sent outside the work queue, so a slow Slack never holds up the next command. */
  sending: Set<Promise<unknown>>;
  client: webApi.WebClient;
  services: Services;
  dir: Directory;
  log: Logger;
  notifier: SlackNotifier;
  /** Work accepted and not started: waiting for a slot, or acknowledged at the door in a flood (door.ts). */
  backlog: () => number;
  /** Work waiting beyond this is refused as busy. */
  maxQueued: number;
  /** Counts one request refused as busy (in /metrics). */
  shed: () => void;
}

/** The person behind a Slack user id, with the language and time zone Baton speaks to them in. */
export interface Caller {
  userId: string;
  person?: string;
  locale: string;
  timeZone: string;
}

export function callerOf(rt: SlackRuntime, userId: string): Caller {
  const person = rt.dir.personByPlatformId('slack', userId);
  return {
    userId,
    ...(person ? { person } : {}),
    locale: rt.dir.personLocale(person),
    timeZone: rt.dir.personTimeZone(person),
  };
}

export function readerOf(rt: SlackRuntime, caller: Caller): ViewReader {
  return readerFor(rt.services.deps, caller);
}

export function actionOptions(rt: SlackRuntime, locale: string): ActionOptions {
  return { locale, snoozeMax: rt.dir.config.snooze.max };
}

export interface Reply {
  /** Escaped by escape.ts (`messageText`): Slack parses a message's `text` as mrkdwn. */
  text: Mrkdwn;
  blocks?: types.KnownBlock[];
}

/**
 * Answers one person privately: through the response_url Slack gave with a
 * command or a button (an ephemeral message where they are), otherwise in
 * their DM with Baton (modals opened from the App Home have no response_url).
 */
export async function replyTo(
  rt: SlackRuntime,
  caller: Caller,
  responseUrl: string | undefined,
  reply: Reply,
): Promise<void> {
  try {
    if (responseUrl) {
      const status = await postResponse(
        responseUrl,
        { response_type: 'ephemeral', replace_original: false, ...reply },
        10_000,
      );
      if (status >= 200 && status < 300) return;
      rt.log.warn({ status }, 'Slack response_url refused an answer; sending it by DM');
    }
    const channel = caller.person ? await rt.notifier.dmChannel(caller.person) : caller.userId;
    await rt.client.chat.postMessage({ channel, ...reply });
  } catch (err) {
    rt.log.error({ err, user: caller.userId }, 'could not answer a Slack user');
  }
}

/** Runs `fn` without holding the caller's place in the work queue; its failure is logged and handed to `onError`. */
export function detach(
  rt: SlackRuntime,
  fn: () => Promise<unknown>,
  onError?: (err: unknown) => Promise<void>,
): void {
  const p: Promise<unknown> = fn()
    .catch(async (err: unknown) => {
      rt.log.error({ err }, 'a Slack call after the acknowledgement failed');
      await onError?.(err);
    })
    .finally(() => rt.sending.delete(p));
  rt.sending.add(p);
}

/** Opens a modal with a trigger_id (valid 3 s); when Slack refuses, the person is told rather than left waiting. */
export function openModal(
  rt: SlackRuntime,
  caller: Caller,
  triggerId: string,
  view: types.ModalView,
  send: (r: Reply) => Promise<void>,
) {
  detach(
    rt,
    () => rt.client.views.open({ trigger_id: triggerId, view }),
    () => send({ text: messageText(t(caller.locale, 'reply.INTERNAL')) }),
  );
}
