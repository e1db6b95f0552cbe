import { describe, expect, it } from 'vitest';
import { takeTurn } from '../../src/server/turns.js';

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
      busy(3);
      order.push(`work ${i}`);
    });
    // Stands for a request arriving: it runs when the loop next reads its sockets and timers.
    setTimeout(() => order.push('request'), 0);
    await Promise.all(work);
    const at = order.indexOf('request');
    // Not after all six (one 18 ms run), not before the first: between them.
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(order.length - 1);
  });
});
