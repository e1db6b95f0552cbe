import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { manualClock, randomIds } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { tick } from '../../src/scheduler/tick.js';
import { BENCH_DUE_FROM_MS, BENCH_NOW, benchDirectory, populate } from './lowdb-bench-data.js';
import { goal, quantile } from './support.js';

/**
 * Scheduler ticks over the lowdb store holding `open` open handoffs (two
 * pending follow-ups each) with about 1,000 follow-ups due at each tick:
 * claim, check each against its handoff, queue one message per recipient,
 * commit. A running Baton ticks every second, so the figures are of a warm
 * process: a few ticks first, then `measured` ticks, each after the clock
 * moved on far enough for another thousand to fall due.
 */
export async function benchScheduler(opts: {
  open: number;
  log: (line: string) => void;
  measured?: number;
}): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-tick-'));
  const file = path.join(dir, 'baton.json');
  try {
    await populate(file, opts.open, 0);
    const clock = manualClock(BENCH_NOW);
    const store = await openLowdbStore({ file, clock });
    // As `baton start` does once it listens: the indexes the store left for later.
    await store.warmUp?.();
    const deps = {
      store,
      dir: benchDirectory(),
      clock,
      ids: randomIds,
      log: silentLogger,
      platforms: ['slack' as const],
      replica: 'bench',
    };
    // Past the follow-ups due at BENCH_NOW, the data has two falling due per second.
    let at = BENCH_NOW.getTime() + BENCH_DUE_FROM_MS;
    const nextThousand = () => {
      at += 500_000;
      clock.set(new Date(at));
    };
    // Building the data left a gigabyte of garbage: collected before the warm-up, whose
    // ticks (the 2% due at BENCH_NOW, then a few thousand more) also let the code settle
    // after the full collection moved every record.
    gc?.();
    for (let i = 0; i < 6; i++) {
      await tick(deps, { limit: 1_000 });
      nextThousand();
    }
    const times: number[] = [];
    let due = 0;
    let messages = 0;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    for (let i = 0; i < (opts.measured ?? 15); i++) {
      // Room between ticks, as a ticking Baton has: the collector works there.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      const result = await tick(deps, { limit: 1_000 });
      times.push(performance.now() - started);
      due += result.claimed;
      messages += result.messages;
      nextThousand();
    }
    loop.disable();
    // A tick with nothing due: the cost of looking when there is nothing to do.
    clock.set(BENCH_NOW);
    const idleStart = performance.now();
    await tick(deps);
    const idle_ms = performance.now() - idleStart;
    await store.close();
    times.sort((a, b) => a - b);
    const pick = (q: number) => quantile(times, q);
    const figures = {
      tick_p50_ms: pick(0.5),
      tick_p90_ms: pick(0.9),
      tick_max_ms: pick(1),
      tick_due: Math.round(due / times.length),
      tick_messages: Math.round(messages / times.length),
      tick_idle_ms: idle_ms,
      tick_max_stall_ms: loop.max / 1e6,
    };
    opts.log(
      `scheduler tick: ${opts.open} open handoffs, ${figures.tick_due} due follow-ups → ${figures.tick_messages} messages, ` +
        `${times.length} ticks: p50 ${figures.tick_p50_ms.toFixed(1)} ms, p90 ${figures.tick_p90_ms.toFixed(1)} ms, ` +
        `max ${figures.tick_max_ms.toFixed(1)} ms (goal < 20 ms); idle tick ${idle_ms.toFixed(2)} ms; ` +
        `longest stall ${figures.tick_max_stall_ms.toFixed(1)} ms`,
    );
    goal(
      opts.log,
      `scheduler tick p90, ${opts.open} open handoffs, ${figures.tick_due} due a tick, ${times.length} ticks`,
      figures.tick_p90_ms,
      '<',
      20,
      ' ms',
    );
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
