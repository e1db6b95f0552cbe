/**
 * Seeded randomness, so a run that finds a silent customer can be replayed
 * exactly with the same seed.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  chance(p: number): boolean;
  int(min: number, maxInclusive: number): number;
  pick<T>(list: readonly T[]): T;
  /** Exponential with this mean. */
  exp(mean: number): number;
  /** Log-normal with this median and log-space spread: most values near the median, a long late tail. */
  logNormal(median: number, sigma: number): number;
}

export function seeded(seed: number): Random {
  // mulberry32: tiny, fast, and good enough for a simulation.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = Math.max(next(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]) => {
      const item = list[Math.floor(next() * list.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    exp: (mean) => -mean * Math.log(Math.max(1 - next(), Number.EPSILON)),
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
  };
}

/**
 * `count` arrival instants in [start, end), drawn from a rate that follows
 * `weight` (per minute): a Poisson process conditioned on its total, so the
 * run has exactly the purchases asked for.
 */
export function arrivals(
  rnd: Random,
  count: number,
  start: number,
  end: number,
  weight: (t: number) => number,
): number[] {
  const MIN = 60_000;
  const cumulative: number[] = [];
  let total = 0;
  for (let t = start; t < end; t += MIN) {
    total += weight(t);
    cumulative.push(total);
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = rnd.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    out.push(start + lo * MIN + Math.floor(rnd.next() * MIN));
  }
  return out.sort((a, b) => a - b);
}

/** The p-th percentile (0..100) of already sorted numbers, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
