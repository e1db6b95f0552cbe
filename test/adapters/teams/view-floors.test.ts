import { describe, expect, it } from 'vitest';
import { type ActionContext, renderedBytes } from '../../../adapters/teams/cards/actions.js';
import {
  type Ac,
  adaptiveCard,
  cardBytes,
  LIMIT,
  moreLine,
  textBlock,
} from '../../../adapters/teams/cards/elements.js';
import { itemFloor, listItem } from '../../../adapters/teams/cards/list-item.js';
import { renderView } from '../../../adapters/teams/cards/view.js';
import type { View, ViewListItem } from '../../../src/cards/model.js';
import type { HandoffState } from '../../../src/domain/types.js';
import type { MyQueue } from '../../../src/services/my-queue.js';
import { queueView } from '../../../src/views/queue.js';
import { customer, DAY, dir, followUp, HOUR, handoff, plus, T0 } from '../../cards/fixtures.js';

const now = new Date(plus(T0, HOUR));
const STATES: HandoffState[] = ['proposed', 'open', 'accepted', 'contacted', 'declined', 'done'];

function contextFor(locale: string, people: number, opts: { hint?: string; sender?: string } = {}) {
  const list = Array.from({ length: people }, (_, i) => ({
    title: `Person ${i} Lastname`,
    value: `person${i}`,
  }));
  const ctx: ActionContext = {
    locale,
    snoozeMax: 'P1D',
    reader: 'person:omar',
    kind: 'view',
    people: () => list,
    speakers: () => opts.hint,
    sender: () => opts.sender ?? 'Dana Reyes',
  };
  return ctx;
}

/** A queue of `count` handoffs going round the states, with names short and long, and due follow-ups. */
function queueOf(count: number, locale: string, publicUrl?: string): View {
  const q: MyQueue = {
    items: Array.from({ length: count }, (_, i) => ({
      handoff: handoff({
        id: `h${i}`,
        customerId: `c${i}`,
        state: STATES[i % STATES.length] ?? 'open',
        version: 1 + i * 37,
        acceptDueAt: plus(T0, (i - 3) * DAY),
      }),
      customer: customer({
        id: `c${i}`,
        name: i % 4 === 1 ? 'N'.repeat(500) : i % 4 === 2 ? '고객 주식회사' : 'X',
      }),
      role: 'assignee' as const,
    })),
    moreItems: 4,
    followUps: Array.from({ length: 5 }, (_, i) => ({
      followUp: followUp({
        id: `f${i}`,
        customerId: `fc${i}`,
        window: 'cadence',
        deadline: plus(T0, i * HOUR),
        ...(i % 2 ? {} : { handoffId: undefined }),
      }),
      customer: customer({ id: `fc${i}`, name: `Follow ${i}` }),
    })),
    moreFollowUps: 2,
  };
  return queueView(q, { dir, locale, timeZone: 'Asia/Seoul', now, ...(publicUrl ? { publicUrl } : {}) });
}

const itemsOf = (view: View): ViewListItem[] =>
  view.blocks.flatMap((b) => (b.kind === 'list' ? b.items : []));

/** The card as measuring every element of every try would make it: what renderView must give. */
function measuredEverything(view: View, ctx: ActionContext): Ac {
  const c = { ...ctx, locale: view.locale, kind: 'view' as const };
  for (let listMax = 30; ; listMax = Math.floor(listMax / 2)) {
    const body: Ac[] = [textBlock(view.title, LIMIT.title, { size: 'Large', weight: 'Bolder' })];
    let n = 0;
    for (const b of view.blocks) {
      if (b.kind === 'list') {
        const shown = b.items.slice(0, listMax);
        for (const item of shown) body.push(listItem(item, c, n++));
        if (b.items.length > shown.length) body.push(moreLine(b.items.length - shown.length));
      } else if (b.kind === 'heading')
        body.push(
          textBlock(b.text, LIMIT.sectionTitle, { weight: 'Bolder', size: 'Medium', spacing: 'Medium' }),
        );
      else if (b.kind === 'text') body.push(textBlock(b.text, LIMIT.sectionText));
      else throw new Error(`not in a queue: ${b.kind}`);
    }
    const card = adaptiveCard(body, [], { fallbackText: view.fallback });
    if (listMax <= 3 || cardBytes(card) <= LIMIT.cardBytes) return card;
  }
}

describe("a Teams list item's floor", () => {
  it('is at most the rendered item, in every state, language, input index and length of name', () => {
    let checked = 0;
    for (const locale of ['en', 'ko'])
      for (const publicUrl of [undefined, 'https://baton.example'])
        for (const people of [0, 1, 40])
          for (const opts of [
            {},
            { hint: 'Ji-woo Park speaks Korean', sender: '' },
            { sender: 'S'.repeat(400) },
          ]) {
            const ctx = contextFor(locale, people, opts);
            for (const item of itemsOf(queueOf(12, locale, publicUrl)))
              for (const n of [0, 9, 123]) {
                const pickers: Ac[] = [];
                const el = listItem(item, { ...ctx, onPicker: (s) => pickers.push(s) }, n);
                const floor = itemFloor(item, ctx);
                expect(floor).toBeLessThanOrEqual(renderedBytes(el, pickers));
                // Tight enough to matter: within the line, detail, hint, sender and values left out.
                expect(renderedBytes(el, pickers) - floor).toBeLessThan(2_500);
                checked++;
              }
          }
    expect(checked).toBeGreaterThan(1_000);
  });

  it('gives the same card as measuring every element of every try', () => {
    for (const locale of ['en', 'ko'])
      for (const count of [2, 9, 20])
        for (const people of [0, 8, 40]) {
          const view = queueOf(count, locale, 'https://baton.example');
          const ctx = contextFor(locale, people, { hint: 'Ji-woo Park speaks Korean' });
          expect(JSON.stringify(renderView(view, ctx))).toBe(JSON.stringify(measuredEverything(view, ctx)));
        }
  });
});
