import { describe, expect, it } from 'vitest';
import { mayWorkAtOnce, takeTurn, workedAtOnce } from '../../src/server/turns.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // holding the event loop, as settling an event from memory does
  }
};

describe('turns of the event loop', () => {
  it("lets a person's waiting work go before background work that waited longer", async () => {
    const order: string[] = [];
    const background = [1, 2, 3].map(async (i) => {
      await takeTurn('background');
      order.push(`event ${i}`);
    });
    const person = (async () => {
      await takeTurn('person');
      order.push('command');
    })();
    await Promise.all([...background, person]);
    expect(order).toEqual(['command', 'event 1', 'event 2', 'event 3']);
  });

  it('gives the event loop back between waiters once a pass has used its millisecond', async () => {
    const order: string[] = [];
    const work = Array.from({ length: 6 }, async (_, i) => {
      await takeTurn('background');
      // Stands for a request arriving while the first one works: it runs when the loop next
      // reads its sockets and timers.
      if (i === 0) setTimeout(() => order.push('request'), 0);
      busy(3);
      order.push(`work ${i}`);
    });
    await Promise.all(work);
    await new Promise((r) => setTimeout(r, 5));
    // Not after all six (one 18 ms run): between them.
    expect(order.indexOf('request')).toBeGreaterThan(0);
    expect(order.indexOf('request')).toBeLessThan(order.length - 1);
  });

  it('lets requests read in one pass work at once for a few milliseconds, then from the next pass again', async () => {
    // Ten requests read together, each answered at once for 2 ms: the first three fit the pass's
    // budget (5 ms), the rest take turns.
    const atOnce: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      const may = mayWorkAtOnce();
      atOnce.push(may);
      if (may) {
        busy(2);
        workedAtOnce(2);
      }
    }
    expect(atOnce.filter(Boolean)).toHaveLength(3);
    expect(atOnce.slice(3)).toEqual(Array(7).fill(false));
    // The next pass starts with its own budget.
    await new Promise((r) => setImmediate(r));
    expect(mayWorkAtOnce()).toBe(true);
  });
});
