import type { Activity, TurnContext } from 'botbuilder';
import { parseActionValue } from '../../src/cards/model.js';
import { HANDOFF_ACTIONS, type HandoffAction } from '../../src/domain/lifecycle.js';
import { t } from '../../src/i18n/translate.js';
import { deliverNotYetNow } from '../../src/outbox/deliver-not-yet.js';
import { commandText, fromABot, mentionsBaton, placeOf } from './activity.js';
import { cardAnswer, currentCard, type InvokeAnswer, messageAnswer } from './answers.js';
import { runCardAction } from './card-actions.js';
import { TRANSLATE_VERB } from './cards/translate.js';
import { helpReply, isCommand, runCommand } from './commands.js';
import { sendAgain, startFromPhrase, submitNewHandoff } from './form-actions.js';
import type { FormData } from './handoff-form.js';
import { type Caller, callerOf, type TeamsRuntime, unknownUserText } from './runtime.js';
import { translateInvoke } from './translate.js';
import { watchMessage } from './watch.js';

/** Teams gives an invoke 5 s; past this Baton answers with what it has, and the work goes on. */
const INVOKE_DEADLINE_MS = 4_000;

async function onMessage(rt: TeamsRuntime, ctx: TurnContext, caller: Caller): Promise<void> {
  const a = ctx.activity;
  if (fromABot(a)) return;
  const text = commandText(a, (id) => rt.dir.personByPlatformId('teams', id));
  const reply = async (r: Partial<Activity> | undefined) => {
    if (r) await ctx.sendActivity(r);
  };
  if (placeOf(a) === 'personal') return reply(await runCommand(rt, caller, text));
  // In a channel, words without @Baton reach it only through resource-specific consent: phrases only.
  if (!mentionsBaton(a) || !isCommand(text)) {
    const proposal = await watchMessage(rt, caller, a, text);
    if (proposal !== false) return reply(proposal);
    if (!mentionsBaton(a)) return;
  }
  return reply(await runCommand(rt, caller, text, placeOf(a)));
}

async function cardAction(rt: TeamsRuntime, a: Partial<Activity>, caller: Caller): Promise<InvokeAnswer> {
  const value = (a.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
  const verb = typeof value.action?.verb === 'string' ? value.action.verb : '';
  const raw = value.action?.data;
  const data = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (!caller.person) return messageAnswer(unknownUserText(rt, caller));
  const me = { ...caller, person: caller.person };
  if (verb === 'handoff') return submitNewHandoff(rt, me, data as FormData & Record<string, unknown>);
  if (verb === 'start') return startFromPhrase(rt, me, a, data);
  if (verb === 'confirm' || verb === 'resend') return sendAgain(rt, me, verb, data);
  if (verb === TRANSLATE_VERB) return translateInvoke(rt, me, data);
  if ((HANDOFF_ACTIONS as readonly string[]).includes(verb))
    return runCardAction(rt, me, verb as HandoffAction, data);
  const help = await helpReply(rt, caller);
  const card = help.attachments?.[0]?.content as Record<string, unknown> | undefined;
  return card ? cardAnswer(card) : messageAnswer(t(caller.locale, 'reply.INTERNAL'));
}

/** What to answer when the work is not done in time: the card as it is now, which the outbox will update. */
async function lateAnswer(rt: TeamsRuntime, a: Partial<Activity>, caller: Caller): Promise<InvokeAnswer> {
  const data = ((a.value as { action?: { data?: { v?: unknown; r?: unknown } } })?.action?.data ?? {}) as {
    v?: unknown;
    r?: unknown;
  };
  const parsed = typeof data.v === 'string' ? parseActionValue(data.v) : undefined;
  const h = parsed?.handoffId ? await rt.store.getHandoff(parsed.handoffId) : undefined;
  const card = h ? await currentCard(rt, h, typeof data.r === 'string' ? data.r : undefined) : undefined;
  return card ? cardAnswer(card) : messageAnswer(t(caller.locale, 'reply.INTERNAL'));
}

async function onInvoke(rt: TeamsRuntime, ctx: TurnContext, caller: Caller): Promise<void> {
  const a = ctx.activity;
  if (a.name !== 'adaptiveCard/action') return;
  const work = cardAction(rt, a, caller);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), INVOKE_DEADLINE_MS);
  });
  const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
  let answer: InvokeAnswer;
  if (first === 'late') {
    work.catch((err) => rt.log.error({ err }, 'Teams card action failed after its answer'));
    rt.log.warn(
      { verb: (a.value as { action?: { verb?: string } })?.action?.verb },
      'Teams card action took too long',
    );
    answer = await lateAnswer(rt, a, caller);
  } else answer = first;
  await ctx.sendActivity({ type: 'invokeResponse', value: answer });
}

/**
 * One Bot Framework turn: Baton learns where the activity came from (so it
 * can post there later), then answers messages, card actions and installs.
 * A failure is logged and the person told, never an exception for
 * botbuilder to turn into a 500.
 */
export function createTurnLogic(rt: TeamsRuntime): (ctx: TurnContext) => Promise<void> {
  return async (ctx) => {
    const a = ctx.activity;
    const caller = callerOf(rt, a);
    try {
      const removed =
        (a.type === 'installationUpdate' && String(a.action ?? '').startsWith('remove')) ||
        (a.type === 'conversationUpdate' && (a.membersRemoved ?? []).some((m) => m.id === a.recipient?.id));
      if (removed) {
        await rt.book.forget(a, caller.person);
        return;
      }
      const learnt = await rt.book.learn(a, caller.person);
      if (learnt) await deliverNotYetNow({ ...rt.services.deps, log: rt.log }, 'teams', 'Teams');
      if (a.type === 'message') return await onMessage(rt, ctx, caller);
      if (a.type === 'invoke') return await onInvoke(rt, ctx, caller);
      // A first hello in a new 1:1 chat: what Baton can do (and, to someone not configured, how to be added).
      if (learnt && a.type === 'installationUpdate' && placeOf(a) === 'personal') {
        const problem = caller.person ? undefined : unknownUserText(rt, caller);
        await ctx.sendActivity(await helpReply(rt, caller, problem));
      }
    } catch (err) {
      rt.log.error({ err, type: a.type, name: a.name }, 'Teams turn failed');
      const text = t(caller.locale, 'reply.INTERNAL');
      if (a.type === 'invoke') await ctx.sendActivity({ type: 'invokeResponse', value: messageAnswer(text) });
      else if (a.type === 'message') await ctx.sendActivity(text).catch(() => undefined);
    }
  };
}
