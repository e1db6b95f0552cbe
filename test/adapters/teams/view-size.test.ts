import { describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../adapters/teams/cards/actions.js';
import { cardBytes, LIMIT } from '../../../adapters/teams/cards/elements.js';
import { renderView } from '../../../adapters/teams/cards/view.js';
import type { MyQueue } from '../../../src/services/my-queue.js';
import { queueView } from '../../../src/views/queue.js';
import { customer, dir, HOUR, handoff, plus, T0 } from '../../cards/fixtures.js';
import { cardProblems } from './adaptive-cards.js';
import { cardText } from './helpers.js';

const now = new Date(plus(T0, HOUR));

/** `mine` with 20 open handoffs (and 5 more past the page), each with a Reassign picker of `people` people. */
function mine(people: number) {
  const list = Array.from({ length: people }, (_, i) => ({
    title: `Person ${i} Lastname`,
    value: `person${i}`,
  }));
  const ctx: ActionContext = {
    locale: 'en',
    snoozeMax: 'P1D',
    reader: 'person:omar',
    kind: 'view',
    people: () => list,
    speakers: () => 'Ji-woo Park speaks Korean',
    sender: () => 'Dana Reyes',
  };
  const q: MyQueue = {
    items: Array.from({ length: 20 }, (_, i) => ({
      handoff: handoff({ id: `hof_${i}`, customerId: `cus_${i}`, assignee: 'omar' }),
      customer: customer({ id: `cus_${i}`, name: `Customer ${i}` }),
      role: 'assignee' as const,
    })),
    moreItems: 5,
    followUps: [],
    moreFollowUps: 0,
  };
  const view = queueView(q, { dir, locale: 'en', timeZone: 'Europe/London', now });
  const card = renderView(view, ctx);
  return { card, text: cardText(card) };
}

describe('a long queue on Teams', () => {
  it('shows as many handoffs as fit (15, 7 or 3), says how many were left out, and stays under the size limit', () => {
    for (const [people, shown] of [
      [0, 15],
      [8, 7],
      [40, 3],
    ] as const) {
      const { card, text } = mine(people);
      expect(cardProblems(card)).toEqual([]);
      expect(cardBytes(card)).toBeLessThanOrEqual(LIMIT.cardBytes);
      const names = [...text.matchAll(/Customer (\d+)\b/g)].map((m) => Number(m[1]));
      expect([...new Set(names)]).toEqual(Array.from({ length: shown }, (_, i) => i));
      if (shown < 20) expect(text).toContain(`… (+${20 - shown})`);
      expect(text).toContain('5 more');
      // Each shown item's inputs are its own, numbered in order.
      const json = JSON.stringify(card);
      for (let i = 0; i < shown; i++) expect(json).toContain(`"id":"reason.${i}"`);
      expect(json).not.toContain(`"id":"reason.${shown}"`);
    }
  });
});
