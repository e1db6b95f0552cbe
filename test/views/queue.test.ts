import { describe, expect, it } from 'vitest';
import type { ViewBlock } from '../../src/cards/model.js';
import type { MyQueue } from '../../src/services/my-queue.js';
import { queueView } from '../../src/views/queue.js';
import { customer, dir, HOUR, handoff, plus, T0 } from '../cards/fixtures.js';

const reader = (publicUrl?: string) => ({
  dir,
  locale: 'en',
  timeZone: 'Europe/London',
  now: new Date(plus(T0, HOUR)),
  ...(publicUrl ? { publicUrl } : {}),
});

const queue: MyQueue = {
  items: [
    { handoff: handoff(), customer: customer(), role: 'assignee' },
    {
      handoff: handoff({ id: 'hof_2', customerId: 'cus_2', state: 'accepted', owner: 'omar', version: 7 }),
      customer: undefined,
      role: 'owner',
    },
  ],
  moreItems: 0,
  followUps: [],
  moreFollowUps: 0,
};

const listOf = (blocks: ViewBlock[]) => blocks.find((b) => b.kind === 'list');

describe('the queue view', () => {
  it("reads each handoff's line, state, deadline, page and buttons, and gives them as plain data", () => {
    const view = queueView(queue, reader('https://baton.example'));
    const expected = [
      {
        text: 'Acme Corp: Sales → Delivery',
        url: 'https://baton.example/dashboard/customers/cus_acme',
        detail: 'open · Accept by Nov 23, 2026, 4:00 PM GMT (in 3 hours)',
        actions: ['accept', 'decline', 'reassign', 'snooze'],
      },
      {
        text: 'cus_2: Sales → Delivery',
        url: 'https://baton.example/dashboard/customers/cus_2',
        detail: 'accepted · First contact by Nov 25, 2026, 12:00 PM GMT (in 2 days)',
        actions: ['contact', 'reassign', 'snooze'],
      },
    ];
    const list = listOf(view.blocks);
    expect(
      list?.kind === 'list' && list.items.map((i) => ({ ...plain(i), actions: i.actions?.map((a) => a.id) })),
    ).toEqual(expected);
    // The words are worked out when first read; read again, or as JSON, they are the same.
    const json = JSON.parse(JSON.stringify(view)) as { blocks: ViewBlock[] };
    const again = listOf(json.blocks);
    expect(
      again?.kind === 'list' && again.items.map((i) => ({ ...i, actions: i.actions?.map((a) => a.id) })),
    ).toEqual(expected);
    expect(again?.kind === 'list' && again.items[1]?.actions?.[0]?.value).toBe('hof_2:7');
    expect(view.fallback).toBe('Your queue: Acme Corp, cus_2');
  });

  it('has no page link without a dashboard address', () => {
    const list = listOf(queueView(queue, reader()).blocks);
    expect(list?.kind === 'list' && list.items.map((i) => 'url' in i)).toEqual([false, false]);
    expect(JSON.stringify(list)).not.toContain('"url"');
    expect(list?.kind === 'list' && list.items[0]?.text).toBe('Acme Corp: Sales → Delivery');
  });
});

function plain(i: { text: string; url?: string; detail?: string }) {
  return { text: i.text, ...(i.url === undefined ? {} : { url: i.url }), detail: i.detail };
}
