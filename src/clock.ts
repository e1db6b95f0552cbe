import { randomUUID } from 'node:crypto';

/**
 * Time and identity are injected so that the domain is deterministic under
 * test: a journey test drives weeks of SLAs in milliseconds.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test (or the simulation) moves by hand. */
export function manualClock(
  start: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export type IdGenerator = (prefix: string) => string;

export const randomIds: IdGenerator = (prefix) =>
  `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

/**
 * Predictable, ordered ids for tests and the simulation. `run` tells runs
 * apart, so a process restarted on the same data never reuses an id.
 */
export function sequentialIds(run = ''): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${run}${(++n).toString().padStart(6, '0')}`;
}
