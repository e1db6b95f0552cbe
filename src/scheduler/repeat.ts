/**
 * A step run on its own timer: one run at a time, the next `intervalMs`
 * after the last settled, so a slow run delays only its own next one. The
 * step must not throw (each loop logs its own failures).
 */
export function repeat(intervalMs: number, step: () => Promise<void>) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function run(): Promise<void> {
    running ??= step().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().finally(schedule);
    }, intervalMs);
  }

  return {
    /** The first run starts at once: what fell due while Baton was down goes out without waiting. */
    start(): void {
      if (!stopped) return;
      stopped = false;
      void run().finally(schedule);
    },
    /** No new run; the one in flight finishes. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    /** A whole run that started after this call (one in flight may have looked before the caller's change). */
    async runFresh(): Promise<void> {
      await running;
      await run();
    },
  };
}
