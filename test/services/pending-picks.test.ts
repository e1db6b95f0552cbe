import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { holdPick, pendingPicks } from '../../src/services/pending-picks.js';

describe('pending assignment picks', () => {
  it('count on top of the store until released, per store and team, then leave the store the truth', () => {
    const store = createMemoryStore();
    const other = createMemoryStore();
    const first = holdPick(store, 'care', 'minho', 0);
    const second = holdPick(store, 'care', 'minho', 1);
    const third = holdPick(store, 'care', 'ana');
    expect(pendingPicks(store, 'care')?.cursor).toBe(1);
    expect(Object.fromEntries(pendingPicks(store, 'care')?.load ?? [])).toEqual({ minho: 2, ana: 1 });
    expect(pendingPicks(store, 'sales')).toBeUndefined();
    expect(pendingPicks(other, 'care')).toBeUndefined();

    first();
    first(); // a second release changes nothing
    expect(Object.fromEntries(pendingPicks(store, 'care')?.load ?? [])).toEqual({ minho: 1, ana: 1 });
    second();
    third();
    expect(pendingPicks(store, 'care')).toBeUndefined();
  });
});
