import type { CardAction } from '../../../src/cards/model.js';
import { snoozeChoices as lengths } from '../../../src/cards/snooze-choices.js';
import { CONTACT_CHANNELS } from '../../../src/domain/types.js';
import { t } from '../../../src/i18n/translate.js';
import { type Ac, cut, jsonBytes, LIMIT, textBlock } from './elements.js';

/** What a card's Action.Execute sends back; the verb is the action id. */
export interface ActionData {
  baton: 1;
  /** The action value (`<handoffId>:<version>` or `customer:<id>:0`). */
  v: string;
  /** Which item of a list (digest, view) the inputs belong to. */
  n?: number;
  /** Whom the message was rendered for (`team:<key>`, `person:<key>`), to render the answer alike. */
  r?: string;
  /** What kind of message the button sits on. */
  k: 'card' | 'notice' | 'view';
  /** Which view: the person's queue is shown again, as it is now, in place of the one pressed. */
  w?: 'queue';
}

/** Everything an action needs besides the action: the reader and who may take a handoff over. */
export interface ActionContext {
  locale: string;
  snoozeMax: string;
  reader: string;
  kind: ActionData['k'];
  /** The view is the reader's queue (`ActionData.w`). */
  view?: ActionData['w'];
  /** People a handoff can be reassigned to, by handoff id; speakers of the customer's language first. */
  people(handoffId: string): ReadonlyArray<{ title: string; value: string }>;
  /** Who speaks the customer's language, shown over the reassign picker. */
  speakers?(handoffId: string): string | undefined;
  /** Who handed the handoff over (the decline reason goes to them). */
  sender(handoffId: string): string;
  /** Told of each person picker rendered, to measure its card without serialising its list again. */
  onPicker?(choiceSet: Ac): void;
}

export function snoozeChoices(locale: string, snoozeMax: string): Array<{ title: string; value: string }> {
  return lengths(locale, snoozeMax).map((c) => ({ title: c.label, value: c.value }));
}

/** Input ids carry the item's index in lists, so two items' inputs never share an id. */
export const inputId = (name: string, n: number | undefined): string =>
  n === undefined ? name : `${name}.${n}`;

export function handoffIdOf(value: string): string {
  return value.startsWith('customer:') ? '' : (value.split(':')[0] ?? '');
}

function execute(a: CardAction, ctx: ActionContext, n: number | undefined, title = a.label): Ac {
  const data: ActionData = {
    baton: 1,
    v: a.value,
    k: ctx.kind,
    r: ctx.reader,
    ...(ctx.view ? { w: ctx.view } : {}),
    ...(n === undefined ? {} : { n }),
  };
  return {
    type: 'Action.Execute',
    title: cut(title, LIMIT.button),
    verb: a.id,
    data,
    ...(a.style === 'primary' ? { style: 'positive' } : a.style === 'danger' ? { style: 'destructive' } : {}),
  };
}

type Choices = ReadonlyArray<{ title: string; value: string }>;

const choicesOf = (choices: Choices): Ac[] =>
  choices.map((c) => ({ title: cut(c.title, LIMIT.choice), value: c.value }));

/**
 * A reassign picker's choices, rendered once per list of people: a queue's
 * items share one list (see render.ts), and a card holds them all.
 */
const peopleChoices = new WeakMap<Choices, { choices: Ac[]; bytes?: number }>();

/** The same, by the rendered choices, to know them again inside a rendered card. */
const pickers = new WeakMap<Ac[], { choices: Ac[]; bytes?: number }>();

function pickerOf(people: Choices): { choices: Ac[]; bytes?: number } {
  let p = peopleChoices.get(people);
  if (!p) {
    p = { choices: choicesOf(people) };
    peopleChoices.set(people, p);
    pickers.set(p.choices, p);
  }
  return p;
}

/**
 * The UTF-8 bytes of a rendered element's JSON, given the pickers rendered
 * into it (`ActionContext.onPicker`): each picker's people list is counted at
 * its size measured once instead of serialised again, the same number for a
 * fraction of the work when items share a long list. The lists are emptied
 * while the rest is measured, then put back.
 */
export function renderedBytes(el: Ac, inside: readonly Ac[]): number {
  const emptied: Array<[Ac, Ac[]]> = [];
  let bytes = 0;
  try {
    for (const set of inside) {
      const p = Array.isArray(set.choices) ? pickers.get(set.choices) : undefined;
      if (!p) continue;
      p.bytes ??= jsonBytes(p.choices);
      // `[]` stands in for the list while the rest is measured.
      bytes += p.bytes - 2;
      emptied.push([set, p.choices]);
      set.choices = [];
    }
    return bytes + jsonBytes(el);
  } finally {
    for (const [set, choices] of emptied) set.choices = choices;
  }
}

/**
 * The UTF-8 bytes of the people lists these actions' pickers hold, measured
 * once per list: a lower bound of the rendered actions' size, known without
 * rendering them (a card too big for a try is proven so without measuring
 * items it would not show).
 */
export function pickerBytes(actions: CardAction[], ctx: ActionContext): number {
  let bytes = 0;
  for (const a of actions) {
    if (a.needsInput !== 'person') continue;
    const people = ctx.people(handoffIdOf(a.value));
    if (people.length === 0) continue;
    const p = pickerOf(people);
    p.bytes ??= jsonBytes(p.choices);
    bytes += p.bytes;
  }
  return bytes;
}

function choiceSet(id: string, label: string, choices: Ac[], value?: string): Ac {
  return {
    type: 'Input.ChoiceSet',
    id,
    label: cut(label, LIMIT.inputLabel),
    isRequired: true,
    choices,
    ...(value ? { value } : {}),
  };
}

/** The inputs an action asks for before it runs, or none. */
function inputsFor(a: CardAction, ctx: ActionContext, n: number | undefined): Ac[] | undefined {
  const loc = ctx.locale;
  switch (a.needsInput) {
    case 'reason':
      return [
        {
          type: 'Input.Text',
          id: inputId('reason', n),
          label: cut(t(loc, 'input.reason', { person: ctx.sender(handoffIdOf(a.value)) }), LIMIT.inputLabel),
          isMultiline: true,
          isRequired: true,
          maxLength: 1_000,
        },
      ];
    case 'contact':
      return [
        choiceSet(
          inputId('channel', n),
          t(loc, 'input.channel'),
          choicesOf(CONTACT_CHANNELS.map((c) => ({ title: t(loc, `channel.${c}`), value: c }))),
          'call',
        ),
        {
          type: 'Input.Text',
          id: inputId('note', n),
          label: t(loc, 'input.note'),
          isMultiline: true,
          maxLength: 2_000,
        },
      ];
    case 'person': {
      const people = ctx.people(handoffIdOf(a.value));
      const hint = ctx.speakers?.(handoffIdOf(a.value));
      if (people.length === 0) return undefined;
      const set = choiceSet(inputId('person', n), t(loc, 'input.person'), pickerOf(people).choices);
      ctx.onPicker?.(set);
      return [...(hint ? [textBlock(`💬 ${hint}`, LIMIT.line, { isSubtle: true })] : []), set];
    }
    case 'snooze':
      return [
        choiceSet(
          inputId('duration', n),
          t(loc, 'input.snooze'),
          choicesOf(snoozeChoices(loc, ctx.snoozeMax)),
        ),
      ];
    default:
      return [];
  }
}

/**
 * One action: a button that acts at once (Accept, Complete, Cancel, Start),
 * or, for an action that needs input, a button that unfolds the inputs with
 * a Submit under them. Reassign without anyone to reassign to is left out.
 */
export function renderAction(a: CardAction, ctx: ActionContext, n?: number): Ac | undefined {
  const inputs = inputsFor(a, ctx, n);
  if (!inputs) return undefined;
  if (inputs.length === 0) return execute(a, ctx, n);
  return {
    type: 'Action.ShowCard',
    title: cut(a.label, LIMIT.button),
    card: {
      type: 'AdaptiveCard',
      body: inputs,
      actions: [execute(a, ctx, n, t(ctx.locale, 'input.submit'))],
    },
  };
}

export function renderActions(actions: CardAction[], ctx: ActionContext, n?: number): Ac[] {
  return actions.map((a) => renderAction(a, ctx, n)).filter((a): a is Ac => a !== undefined);
}
