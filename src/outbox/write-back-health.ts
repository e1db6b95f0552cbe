import type { Store } from '../store/store.js';

/**
 * What a system of record's writer says about itself in /readyz and `baton
 * check`: it stays ready while the system is down (nobody waits on a write:
 * the outbox keeps it), but names what waits and why, so no write is lost
 * silently.
 */
export function writeBackHealth(opts: { label: string; url: string; noun: string; nouns: string }) {
  /** Deliveries whose last attempt failed, with the error, until one goes out. */
  const failing = new Map<string, { error: string; at: string }>();
  const count = (n: number) => (n === 1 ? `1 ${opts.noun}` : `${n} ${opts.nouns}`);
  return {
    failed(deliveryId: string, error: string, at: Date) {
      failing.set(deliveryId, { error, at: at.toISOString() });
    },
    wrote(deliveryId: string) {
      failing.delete(deliveryId);
    },
    ready(): { ok: boolean; detail: string } {
      const last = [...failing.values()].at(-1);
      if (!last) return { ok: true, detail: `write-back on, to ${opts.url}` };
      return {
        ok: true,
        detail: `${count(failing.size)} could not be written to ${opts.label} at ${opts.url} (last: ${last.error}, ${last.at}); kept in the outbox and retried with backoff`,
      };
    },
    /**
     * `baton check`'s lines: whether the system takes Baton's credentials
     * (`refused` is the probe's reason when it does not), then what waits.
     */
    async checkLines(
      store: Store,
      platform: string,
      refused: string | undefined,
      on: string,
    ): Promise<string[]> {
      const lines = [
        refused ? `FAIL ${platform} write-back: ${refused}` : `ok   ${platform} write-back on: ${on}`,
      ];
      const waiting = await this.waitingLine(store, platform).catch(() => undefined);
      if (waiting) lines.push(waiting);
      return lines;
    },
    /** For `baton check`: what the outbox holds for this system now. */
    async waitingLine(store: Store, platform: string): Promise<string | undefined> {
      const stats = await store.stats();
      const n = stats.pendingDeliveriesByPlatform[platform] ?? 0;
      return n > 0
        ? `warn ${platform} write-back: ${count(n)} ${n === 1 ? 'waits' : 'wait'} in the outbox for ${opts.label} at ${opts.url}`
        : undefined;
    },
  };
}
