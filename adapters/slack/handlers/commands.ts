import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { awayHelpText, timeOffText } from '../../../src/cards/away-replies.js';
import { customerLanguage, languageBlock } from '../../../src/cards/context-fields.js';
import { formLanguage } from '../../../src/cards/form-language.js';
import { parseCx, parseHandoff } from '../../../src/commands/parse.js';
import { t } from '../../../src/i18n/translate.js';
import { mayWorkAtOnce, workedAtOnce } from '../../../src/server/turns.js';
import { customerViewOf } from '../../../src/views/customer.js';
import { gapsView } from '../../../src/views/gaps.js';
import { helpView } from '../../../src/views/help.js';
import { queueView } from '../../../src/views/queue.js';
import { admittedAtDoor } from '../door.js';
import { messageText } from '../escape.js';
import { handoffModal } from '../modals/handoff.js';
import {
  type Caller,
  callerOf,
  detach,
  openModal,
  type Reply,
  readerOf,
  replyTo,
  type SlackRuntime,
} from '../runtime.js';
import { commandText } from '../slack-text.js';
import {
  busyReply,
  failureReply,
  guarded,
  internalError,
  overloaded,
  unknownUser,
  viewReply,
} from './common.js';
import { dashboardReply } from './dashboard.js';

interface Command {
  user_id: string;
  text: string;
  trigger_id: string;
  response_url: string;
  channel_id: string;
}

const ephemeral = (r: Reply) => ({ response_type: 'ephemeral' as const, ...r });

// Help is the same for everyone reading one language: built once, it answers in the acknowledgement.
const helpCache = new Map<string, ReturnType<typeof ephemeral>>();
function help(rt: SlackRuntime, locale: string, which: 'handoff' | 'cx') {
  const key = `${locale}|${which}`;
  let reply = helpCache.get(key);
  if (!reply) {
    reply = ephemeral(viewReply(rt, helpView(locale, which)));
    helpCache.set(key, reply);
  }
  return reply;
}

/**
 * `/handoff` and `/cx`. What needs no data (help, an unknown person) is the
 * acknowledgement itself; everything else is acknowledged at once and
 * answered through the command's response_url when the work is done.
 */
export function registerCommands(rt: SlackRuntime): void {
  // One listener for both: Bolt runs every listener's matchers on every request.
  rt.app.command(/^\/(handoff|cx)$/, async (args) =>
    args.command.command === '/handoff' ? onHandoff(rt, args) : onCx(rt, args),
  );
}

async function onHandoff(rt: SlackRuntime, { command, ack }: SlackCommandMiddlewareArgs): Promise<void> {
  const caller = callerOf(rt, command.user_id);
  if (!caller.person) return ack(ephemeral(unknownUser(rt, caller)));
  const parsed = parseHandoff(commandText(rt.dir, command.text ?? ''));
  if (parsed.kind === 'help') return ack(help(rt, caller.locale, 'handoff'));
  if (overloaded(rt)) return ack(ephemeral(busyReply(rt, caller)));
  await ack();
  const send = async (r: Reply) => detach(rt, () => replyTo(rt, caller, command.response_url, r));
  const openForm = async () => {
    const form = await rt.services.prepareHandoffForm({
      actor: caller.person ?? '',
      customer: parsed.customer,
      to: parsed.to,
      ...(parsed.note ? { note: parsed.note } : {}),
    });
    if (!form.ok)
      return send(
        failureReply(rt, caller, await rt.services.readableFailure(caller.person ?? '', form.failure)),
      );
    const f = form.value;
    const heading = t(caller.locale, 'card.title', {
      customer: f.customer.name,
      from: rt.dir.teamName(f.from),
      to: f.toPerson ? rt.dir.personName(f.toPerson) : rt.dir.teamName(f.toTeam),
    });
    const language = languageBlock(customerLanguage(f.customer, {}), caller.locale);
    const view = handoffModal({
      locale: caller.locale,
      heading,
      ...(language ? { language } : {}),
      languages: formLanguage(rt.dir, {
        current: f.customer.language,
        locale: caller.locale,
        toTeam: f.toTeam,
      }),
      fields: f.fields,
      ...(f.note ? { note: f.note } : {}),
      meta: {
        k: 'new',
        c: f.customer.id,
        t: f.toTeam,
        ...(f.toPerson ? { p: f.toPerson } : {}),
        f: f.from,
        r: command.response_url,
        ch: command.channel_id,
      },
    });
    openModal(rt, caller, command.trigger_id, view, send);
  };
  await guarded(rt, caller, send, openForm, { opensModal: true });
}

async function onCx(
  rt: SlackRuntime,
  { command, ack, context }: SlackCommandMiddlewareArgs & Pick<AllMiddlewareArgs, 'context'>,
): Promise<void> {
  const caller = callerOf(rt, command.user_id);
  const raw = command.text ?? '';
  // Time off names people: their mentions (`<@U0TOM|tom>`) become `@U0TOM` first, as in /handoff.
  const parsed = parseCx(/^\s*(away|back)\b/i.test(raw) ? commandText(rt.dir, raw) : raw);
  if (parsed.kind === 'help') return ack(help(rt, caller.locale, 'cx'));
  if (parsed.kind === 'away-help')
    return ack(ephemeral({ text: messageText(awayHelpText(caller.locale, parsed.problem)) }));
  if (!caller.person) return ack(ephemeral(unknownUser(rt, caller)));
  // One let in at the door in a flood was promised its answer when the queue had room.
  if (!admittedAtDoor(context) && overloaded(rt)) return ack(ephemeral(busyReply(rt, caller)));
  // A free work slot and nothing waiting for one: the look-up takes the slot at once.
  if (isLookUp(parsed) && rt.work.size === 0 && rt.work.pending < rt.work.concurrency && mayWorkAtOnce())
    return answerInAck(rt, caller, command, parsed, ack);
  await ack();
  await answerCx(rt, caller, command, parsed);
}

type LookUp = Extract<ReturnType<typeof parseCx>, { kind: 'customer' | 'mine' | 'gaps' }>;
const isLookUp = (p: ReturnType<typeof parseCx>): p is LookUp =>
  p.kind === 'customer' || p.kind === 'mine' || p.kind === 'gaps';

/**
 * A look-up (a customer, one's queue, the gaps) changes nothing, and on the file store it is
 * served from memory in a millisecond or two: while a work slot is free and no other work waits,
 * its answer is the acknowledgement itself, as Slack suggests for an answer ready within its 3 s.
 * One request instead of two, and the answer shows at once. Only an answer ready before the event
 * loop next reads its sockets: one that waits on anything (a history file's first read, a
 * database) must not hold the acknowledgement (with a 500 ms allowance the burst bench's ack p99
 * went from 38 to 521 ms), so it is acknowledged empty and answered at the response_url. And only
 * while the pass of the loop that read it has not spent its few milliseconds on such answers
 * (`mayWorkAtOnce`): requests read together are handled back to back, and forty first `/cx mine`
 * of a burst, each building its queue, held the loop 40-60 ms a pass before the sockets were
 * read again; past the budget they take turns.
 */
async function answerInAck(
  rt: SlackRuntime,
  caller: Caller,
  command: Command,
  parsed: LookUp,
  ack: SlackCommandMiddlewareArgs['ack'],
): Promise<void> {
  const started = performance.now();
  // In a work slot like any other answer, so a look-up that waits counts against the queue.
  const answer = rt.work
    .add(() => lookUp(rt, caller, parsed), { throwOnTimeout: true })
    .catch((err: unknown) => {
      rt.log.error({ err, user: caller.userId }, 'Slack handler failed');
      return internalError(caller);
    });
  // What ran before the look-up first waited (all of it, for one served from memory).
  const ran = performance.now() - started;
  const waits = new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)));
  const first = await Promise.race([answer, waits]);
  workedAtOnce(first ? performance.now() - started : ran);
  if (first) return ack(ephemeral(first));
  await ack();
  const reply = await answer;
  detach(rt, () => replyTo(rt, caller, command.response_url, reply));
}

/** The answer to a look-up. */
async function lookUp(rt: SlackRuntime, caller: Caller, parsed: LookUp): Promise<Reply> {
  const person = caller.person ?? '';
  const reader = readerOf(rt, caller);
  switch (parsed.kind) {
    case 'customer': {
      const v = await rt.services.customerView(parsed.customer, { limit: 50, reader: person });
      return v.ok ? viewReply(rt, customerViewOf(v.value, reader)) : failureReply(rt, caller, v.failure);
    }
    case 'mine':
      return viewReply(rt, queueView(await rt.services.myQueue(person), reader));
    case 'gaps':
      return viewReply(rt, gapsView(await rt.services.gaps({ reader: person }), reader));
  }
}

async function answerCx(
  rt: SlackRuntime,
  caller: Caller,
  command: Command,
  parsed: ReturnType<typeof parseCx>,
) {
  const send = async (r: Reply) => detach(rt, () => replyTo(rt, caller, command.response_url, r));
  const person = caller.person ?? '';
  await guarded(rt, caller, send, async () => {
    if (isLookUp(parsed)) return send(await lookUp(rt, caller, parsed));
    switch (parsed.kind) {
      case 'dashboard':
        // Through the command's response_url: an ephemeral message only the caller sees.
        return send(await dashboardReply(rt, caller));
      case 'contact': {
        const found = await rt.services.resolveCustomer(parsed.customer);
        if (!found.ok)
          return send(failureReply(rt, caller, await rt.services.readableFailure(person, found.failure)));
        const r = await rt.services.logCustomerContact({
          customerId: found.value.id,
          actor: person,
          channel: parsed.channel,
          ...(parsed.note ? { note: parsed.note } : {}),
          source: 'slack',
        });
        if (!r.ok) return send(failureReply(rt, caller, r.failure));
        return send({
          text: messageText(
            t(caller.locale, 'ok.contactLogged', {
              channel: t(caller.locale, `channel.${parsed.channel}`),
              customer: found.value.name,
            }),
          ),
        });
      }
      case 'forget': {
        // Admins only; a name is answered with the exact command that erases that one customer.
        const r = await rt.services.forgetCustomer({
          customerId: parsed.customer,
          actor: person,
          confirmed: parsed.confirmed,
        });
        if (!r.ok) return send(failureReply(rt, caller, r.failure));
        const v = r.value;
        return send({
          text: messageText(
            v.status === 'needs-confirmation'
              ? t(caller.locale, 'reply.CONFIRM_FORGET', { customer: v.customer.name, command: v.command })
              : t(caller.locale, 'reply.FORGOTTEN', { customer: v.formerName }),
          ),
        });
      }
      case 'away':
      case 'back': {
        const r =
          parsed.kind === 'away'
            ? await rt.services.setAway({
                actor: person,
                until: parsed.until,
                ...(parsed.person ? { person: parsed.person } : {}),
                ...(parsed.backup ? { backup: parsed.backup } : {}),
              })
            : await rt.services.endAway({
                actor: person,
                ...(parsed.person ? { person: parsed.person } : {}),
              });
        return send({ text: messageText(timeOffText(rt.dir, caller.locale, r)) });
      }
      default:
        return send(viewReply(rt, helpView(caller.locale, 'cx')));
    }
  });
}
