import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/log.js';

/**
 * Slack's signature holds for 5 minutes: within them a captured request can
 * be sent again and verifies, and Slack itself redelivers an event it thinks
 * was lost (X-Slack-Retry-Num, same event_id). Ids seen are remembered a while
 * longer than that window (a future timestamp also verifies), so the second
 * copy is acknowledged and not run again. Kept in memory, bounded: a replica
 * knows only the requests it was sent.
 */
export const REMEMBER_MS = 10 * 60_000;
export const MAX_REMEMBERED = 50_000;

/** The id Slack gives one request and its retries: event_id for events, trigger_id for people's actions. */
export function requestId(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { type?: unknown; event_id?: unknown; trigger_id?: unknown };
  if (b.type === 'event_callback' && typeof b.event_id === 'string' && b.event_id)
    return `event:${b.event_id}`;
  if (typeof b.trigger_id === 'string' && b.trigger_id) return `trigger:${b.trigger_id}`;
  return undefined;
}

export function createReplayGuard(opts: { clock: Clock; log: Logger; rememberMs?: number; max?: number }) {
  const rememberMs = opts.rememberMs ?? REMEMBER_MS;
  const max = opts.max ?? MAX_REMEMBERED;
  // Insertion order is expiry order (one fixed lifetime), so the oldest entries are first.
  const seen = new Map<string, number>();
  let warnedFull = false;

  function forgetExpired(now: number): void {
    for (const [id, until] of seen) {
      if (until > now) break;
      seen.delete(id);
    }
  }

  return {
    /** True the first time an id is seen within its lifetime; false for a replay or retry. */
    firstTime(id: string): boolean {
      const now = opts.clock.now().getTime();
      forgetExpired(now);
      const until = seen.get(id);
      if (until !== undefined && until > now) return false;
      // Re-inserted at the end, so the map stays in expiry order.
      seen.delete(id);
      seen.set(id, now + rememberMs);
      if (seen.size > max) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
        if (!warnedFull) {
          warnedFull = true;
          opts.log.warn(
            { max, rememberMs },
            'more Slack requests in the replay window than Baton remembers: the oldest ids are forgotten early',
          );
        }
      }
      return true;
    },
    size: () => seen.size,
  };
}
