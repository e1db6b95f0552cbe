import type { View } from '../../../src/cards/model.js';
import { BUSY_RETRY_SECONDS } from '../../../src/cards/replies.js';
import type { Handoff } from '../../../src/domain/types.js';
import { t } from '../../../src/i18n/translate.js';
import { takeTurn } from '../../../src/server/turns.js';
import type { Failure } from '../../../src/services/deps.js';
import { helpView } from '../../../src/views/help.js';
import { LIMIT } from '../blocks/text.js';
import { viewBlocks } from '../blocks/view.js';
import { built, type Mrkdwn, messageText, outside, SLOT } from '../escape.js';
import { failureText, type ReplyContext } from '../replies.js';
import { actionOptions, type Caller, type Reply, type SlackRuntime } from '../runtime.js';

export function viewReply(rt: SlackRuntime, view: View, max: number = LIMIT.messageBlocks): Reply {
  return {
    text: messageText(view.fallback || view.title),
    blocks: viewBlocks(view, { ...actionOptions(rt, view.locale), max }),
  };
}

export function failureReply(
  rt: SlackRuntime,
  caller: Caller,
  f: Failure,
  extra: Partial<ReplyContext> = {},
  /** Baton's own markup for a `SLOT` in the failure's vars (a mention of whom Slack's picker gave). */
  slot?: Mrkdwn,
): Reply {
  const text = failureText(f, {
    dir: rt.dir,
    locale: caller.locale,
    now: rt.services.deps.clock.now(),
    ...extra,
  });
  // Not knowing where to go next is answered with the help, not only a "no".
  if (f.code === 'UNKNOWN_USER' || f.code === 'INVALID_INPUT')
    return viewReply(rt, helpView(caller.locale, 'both', text));
  return { text: messageText(text, slot) };
}

export function unknownUser(rt: SlackRuntime, caller: Caller): Reply {
  return failureReply(rt, caller, { code: 'UNKNOWN_USER', vars: { user: caller.userId } });
}

/**
 * The answer to work refused because too much waits: it says so and when to
 * try again (never "something went wrong"), and is counted in /metrics.
 */
export function busyReply(rt: SlackRuntime, caller: Caller): Reply {
  rt.shed();
  return failureReply(rt, caller, { code: 'BUSY', vars: { seconds: BUSY_RETRY_SECONDS } });
}

export function internalError(caller: Caller): Reply {
  return { text: messageText(t(caller.locale, 'reply.INTERNAL')) };
}

/**
 * Where a handoff went, as Baton's own mrkdwn: the team with a mention of
 * its channel, or the person. A sentence holds it as `SLOT` (see `sentWhere`).
 */
export function whereItWent(rt: SlackRuntime, h: Handoff): Mrkdwn {
  const channel = rt.dir.teamChannel(h.to, 'slack');
  const team = rt.dir.teamName(h.to);
  if (h.assignee && !channel) return outside(rt.dir.personName(h.assignee), 200);
  return built(channel ? `${outside(team, 200)} (<#${channel}>)` : outside(team, 200));
}

/** A sentence naming where a handoff went (`SLOT` in it): escaped, then the channel mention put in. */
export function sentWhere(rt: SlackRuntime, h: Handoff, sentence: (where: string) => string): Reply {
  return { text: messageText(sentence(SLOT), whereItWent(rt, h)) };
}

export async function customerName(rt: SlackRuntime, id: string): Promise<string> {
  return (await rt.services.deps.store.getCustomer(id))?.name ?? id;
}

/** Work waiting beyond this is refused at once: an answer in minutes is no answer. */
export const MAX_QUEUED = 2_000;

export function overloaded(rt: SlackRuntime): boolean {
  return rt.backlog() >= rt.maxQueued;
}

/** Work that opens a modal: its trigger_id lives 3 s, so it goes before queued look-ups. */
const OPENS_MODAL = 1;

/**
 * Runs a handler's work after the ack, in the work queue, so a failure still gets the person an
 * answer. `opensModal`: the work ends in `views.open`, whose trigger_id Slack lets live 3 s; in a
 * flood the queue holds up to MAX_QUEUED answers (seconds of work), so it goes before them.
 */
export async function guarded(
  rt: SlackRuntime,
  caller: Caller,
  send: (r: Reply) => Promise<void>,
  work: () => Promise<void>,
  opts: { opensModal?: boolean } = {},
) {
  try {
    await rt.work.add(
      async () => {
        // Waiting requests are acknowledged before this work takes the event loop, and it goes
        // before background work (webhook events) waiting for a turn.
        await takeTurn('person');
        await work();
      },
      { priority: opts.opensModal ? OPENS_MODAL : 0 },
    );
  } catch (err) {
    rt.log.error({ err, user: caller.userId }, 'Slack handler failed');
    await send(internalError(caller));
  }
}
