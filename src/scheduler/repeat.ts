import { performance } from 'node:perf_hooks';

/**
 * A step run on its own timer: one run at a time, the next `intervalMs`
 * after the last settled, so a slow run delays only its own next one. The
 * step must not throw (each loop logs its own failures).
 *
 * `soon()` asks for a run before the interval is up (the outbox, when a
 * commit queued something to send): at once when idle, else once more right
 * after the run in flight; never sooner than `soonMs` after the last run
 * started, so a burst of commits makes a run every `soonMs`, not one each.
 */
export function repeat(intervalMs: number, step: () => Promise<void>, opts: { soonMs?: number } = {}) {
  const soonMs = opts.soonMs ?? 0;
  let timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (performance.now()). */
  let timerAt = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  let stopped = true;
  /** soon() was asked for while a run was in flight. */
  let again = false;
  let lastStart = Number.NEGATIVE_INFINITY;

  function run(): Promise<void> {
    if (!running) {
      lastStart = performance.now();
      running = step().finally(() => {
        running = undefined;
      });
    }
    return running;
  }

  /** The timer fires in `delay` ms, unless it is already armed to fire sooner. */
  function arm(delay: number): void {
    if (stopped) return;
    const at = performance.now() + delay;
    if (timer && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(fire, delay);
  }

  function fire(): void {
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
    void run().finally(next);
  }

  const sinceStartWait = () => Math.max(0, lastStart + soonMs - performance.now());

  function next(): void {
    const soonAsked = again;
    again = false;
    arm(soonAsked ? sinceStartWait() : intervalMs);
  }

  return {
    /** The first run starts at once: what fell due while Baton was down goes out without waiting. */
    start(): void {
      if (!stopped) return;
      stopped = false;
      void run().finally(next);
    },
    /** No new run; the one in flight finishes. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
    /** A run now (or right after the one in flight), at most one per `soonMs`. */
    soon(): void {
      if (stopped) return;
      if (running) again = true;
      else arm(sinceStartWait());
    },
    /** A whole run that started after this call (one in flight may have looked before the caller's change). */
    async runFresh(): Promise<void> {
      await running;
      await run();
    },
  };
}
