import type { Activity } from 'botbuilder';
import { awayHelpText, timeOffText } from '../../src/cards/away-replies.js';
import { quoted } from '../../src/cards/replies.js';
import { type CxCommand, parseCx, parseHandoff } from '../../src/commands/parse.js';
import { t } from '../../src/i18n/translate.js';
import { customerViewOf } from '../../src/views/customer.js';
import { gapsView } from '../../src/views/gaps.js';
import { helpView } from '../../src/views/help.js';
import { queueView } from '../../src/views/queue.js';
import { readerFor, type ViewReader } from '../../src/views/reader.js';
import type { Place } from './activity.js';
import { renderForm } from './cards/forms.js';
import { contactText } from './confirmations.js';
import { dashboardCommand } from './dashboard.js';
import { personNamed } from './demo-identity.js';
import { newHandoffSpec } from './handoff-form.js';
import { cardActivity, textActivity, viewActivity } from './render.js';
import { type Caller, failureText, inTeamsWords, type TeamsRuntime, unknownUserText } from './runtime.js';

export type Reply = Partial<Activity>;

const CX_WORDS = new Set([
  'mine',
  'me',
  'gaps',
  'contact',
  'help',
  '?',
  'forget',
  'dashboard',
  'away',
  'back',
]);

function readerOf(rt: TeamsRuntime, caller: Caller): ViewReader {
  return readerFor(rt.services.deps, caller);
}

const reader = (caller: Caller) => (caller.person ? `person:${caller.person}` : '');

export function helpReply(rt: TeamsRuntime, caller: Caller, problem?: string): Promise<Reply> {
  const view = helpView(caller.locale, 'both', problem);
  const blocks = view.blocks.map((b) => (b.kind === 'text' ? { ...b, text: inTeamsWords(b.text) } : b));
  return viewActivity(rt, { ...view, fallback: inTeamsWords(view.fallback), blocks }, reader(caller));
}

/** Is this the start of a command, rather than words a phrase could be in? */
export function isCommand(text: string): boolean {
  const word = text.split(/\s+/)[0]?.toLowerCase() ?? '';
  return word === 'handoff' || word === 'cx' || CX_WORDS.has(word);
}

/**
 * The same words as Slack's `/handoff` and `/cx`, after @Baton in a channel
 * or plain in a 1:1 chat (`cx mine` and `mine` alike). Anything else is
 * looked up as a customer; what matches nothing gets the help, never silence.
 */
export async function runCommand(
  rt: TeamsRuntime,
  caller: Caller,
  text: string,
  place: Place = 'personal',
): Promise<Reply> {
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  // Every reader is a configured person: someone Baton does not know is told how to be added, as on Slack.
  if (!caller.person) return helpReply(rt, caller, unknownUserText(rt, caller));
  if (!text.trim()) return helpReply(rt, caller);
  if (word === 'handoff') return handoff(rt, caller, rest.join(' '));
  if (word === 'as' && rt.demo) return actAs(rt, caller, rest.join(' '));
  const cx = parseCx(word === 'cx' ? rest.join(' ') : text);
  if (cx.kind === 'dashboard') return dashboardCommand(rt, caller, place);
  return runCx(rt, caller, cx, word === 'cx' || CX_WORDS.has(word));
}

/** Playground only: the one Playground user acts as someone else from now on. */
function actAs(rt: TeamsRuntime, caller: Caller, name: string): Reply {
  const demo = rt.demo;
  const person = personNamed(rt.dir, name);
  if (!demo || !person) {
    const people = Object.keys(rt.dir.config.people).join(', ');
    return textActivity(t(caller.locale, 'demo.nobody', { query: name.trim(), people }));
  }
  demo.actingAs.set(caller.userId, person);
  const p = rt.dir.person(person);
  const locale = rt.dir.personLocale(person);
  return textActivity(
    t(locale, 'demo.actingAs', {
      person: rt.dir.personName(person),
      team: rt.dir.teamName(p?.team ?? ''),
    }),
  );
}

async function handoff(rt: TeamsRuntime, caller: Caller, args: string): Promise<Reply> {
  const cmd = parseHandoff(args);
  if (cmd.kind === 'help') {
    const problem = cmd.problem
      ? failureText(rt, caller, {
          code: 'INVALID_INPUT',
          vars: { field: cmd.problem === 'missing-to' ? 'to' : 'customer' },
        })
      : undefined;
    return helpReply(rt, caller, problem);
  }
  if (!caller.person) return helpReply(rt, caller, unknownUserText(rt, caller));
  const form = await rt.services.prepareHandoffForm({
    actor: caller.person,
    customer: cmd.customer,
    to: cmd.to,
    ...(cmd.note ? { note: cmd.note } : {}),
  });
  if (!form.ok)
    return textActivity(
      failureText(rt, caller, await rt.services.readableFailure(caller.person, form.failure)),
    );
  return cardActivity(renderForm(newHandoffSpec(rt, caller, form.value)), form.value.customer.name);
}

async function runCx(rt: TeamsRuntime, caller: Caller, cmd: CxCommand, asked: boolean): Promise<Reply> {
  switch (cmd.kind) {
    case 'dashboard':
      // Answered by runCommand, which knows where it was asked.
      return helpReply(rt, caller);
    case 'help':
      return helpReply(
        rt,
        caller,
        cmd.problem
          ? failureText(rt, caller, { code: 'INVALID_INPUT', vars: { field: 'customer' } })
          : undefined,
      );
    case 'mine':
      if (!caller.person) return helpReply(rt, caller, unknownUserText(rt, caller));
      return viewActivity(
        rt,
        queueView(await rt.services.myQueue(caller.person), readerOf(rt, caller)),
        reader(caller),
        'queue',
      );
    case 'gaps':
      return viewActivity(
        rt,
        gapsView(await rt.services.gaps({ reader: caller.person ?? '' }), readerOf(rt, caller)),
        reader(caller),
      );
    case 'contact': {
      if (!caller.person) return helpReply(rt, caller, unknownUserText(rt, caller));
      const found = await rt.services.resolveCustomer(cmd.customer);
      if (!found.ok)
        return textActivity(
          failureText(rt, caller, await rt.services.readableFailure(caller.person, found.failure)),
        );
      const r = await rt.services.logCustomerContact({
        customerId: found.value.id,
        actor: caller.person,
        channel: cmd.channel,
        ...(cmd.note ? { note: cmd.note } : {}),
        source: 'teams',
      });
      if (!r.ok) return textActivity(failureText(rt, caller, r.failure));
      return textActivity(contactText(caller, cmd.channel, r.value.customer.name));
    }
    case 'forget': {
      // Admins only; a name is answered with the exact command that erases that one customer.
      if (!caller.person) return helpReply(rt, caller, unknownUserText(rt, caller));
      const r = await rt.services.forgetCustomer({
        customerId: cmd.customer,
        actor: caller.person,
        confirmed: cmd.confirmed,
      });
      if (!r.ok) return textActivity(failureText(rt, caller, r.failure));
      const v = r.value;
      return textActivity(
        v.status === 'needs-confirmation'
          ? inTeamsWords(
              t(caller.locale, 'reply.CONFIRM_FORGET', { customer: v.customer.name, command: v.command }),
            )
          : t(caller.locale, 'reply.FORGOTTEN', { customer: v.formerName }),
      );
    }
    case 'away-help':
      return textActivity(inTeamsWords(awayHelpText(caller.locale, cmd.problem)));
    case 'away':
    case 'back': {
      if (!caller.person) return helpReply(rt, caller, unknownUserText(rt, caller));
      const r =
        cmd.kind === 'away'
          ? await rt.services.setAway({
              actor: caller.person,
              until: cmd.until,
              ...(cmd.person ? { person: cmd.person } : {}),
              ...(cmd.backup ? { backup: cmd.backup } : {}),
            })
          : await rt.services.endAway({
              actor: caller.person,
              ...(cmd.person ? { person: cmd.person } : {}),
            });
      return textActivity(inTeamsWords(timeOffText(rt.dir, caller.locale, r)));
    }
    case 'customer': {
      const r = await rt.services.customerView(cmd.customer, { reader: caller.person ?? '' });
      if (r.ok) return viewActivity(rt, customerViewOf(r.value, readerOf(rt, caller)), reader(caller));
      const f = r.failure;
      // Words that were not a command and name nobody: the help says what Baton understands.
      if (!asked && f.code === 'CUSTOMER_NOT_FOUND' && !f.vars.suggestions) {
        return helpReply(
          rt,
          caller,
          t(caller.locale, 'reply.CUSTOMER_NOT_FOUND.none', { query: quoted(cmd.customer) }),
        );
      }
      return textActivity(failureText(rt, caller, f));
    }
  }
}
