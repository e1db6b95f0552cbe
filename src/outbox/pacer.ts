import PQueue from 'p-queue';

/**
 * Per-key pacing at a platform's rate (each adapter sets its own: one
 * message a second a channel, or seven a conversation), so Baton never
 * provokes a 429 storm. Each key gets its own queue; queues of idle keys are
 * dropped.
 */
export class Pacer {
  private readonly queues = new Map<string, PQueue>();

  async run<T>(keys: Array<{ key: string; perSecond: number }>, fn: () => Promise<T>): Promise<T> {
    if (keys.length === 0) return fn();
    const [first, ...rest] = keys;
    if (!first) return fn();
    const queue = this.queueFor(first.key, first.perSecond);
    return (await queue.add(() => this.run(rest, fn), { throwOnTimeout: true })) as T;
  }

  private queueFor(key: string, perSecond: number): PQueue {
    let q = this.queues.get(key);
    if (!q) {
      // A rate below one a second is expressed as one per longer interval.
      const interval = perSecond >= 1 ? 1_000 : Math.ceil(1_000 / perSecond);
      const cap = perSecond >= 1 ? Math.floor(perSecond) : 1;
      q = new PQueue({ intervalCap: cap, interval, carryoverConcurrencyCount: true });
      const queue = q;
      // Kept a while after it empties, so the interval still counts for the next message.
      queue.on('idle', () => {
        setTimeout(() => {
          if (queue.size === 0 && queue.pending === 0 && this.queues.get(key) === queue)
            this.queues.delete(key);
        }, interval * 2).unref();
      });
      this.queues.set(key, q);
    }
    return q;
  }
}
