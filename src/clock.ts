import { randomBytes } from 'node:crypto';

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

/** Random bytes fetched in bulk: a scheduler tick names a thousand audit entries at once. */
const ID_BYTES = 10;
let pool = Buffer.alloc(0);
let offset = 0;

/** `<prefix>_` and 80 random bits in hex. */
export const randomIds: IdGenerator = (prefix) => {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 512);
    offset = 0;
  }
  const id = `${prefix}_${pool.toString('hex', offset, offset + ID_BYTES)}`;
  offset += ID_BYTES;
  return id;
};

/**
 * Predictable, ordered ids for tests and the simulation. `run` tells runs
 * apart, so a process restarted on the same data never reuses an id.
 */
export function sequentialIds(run = ''): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${run}${(++n).toString().padStart(6, '0')}`;
}
