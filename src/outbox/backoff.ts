/**
 * Exponential backoff with full jitter (so retries from many deliveries do
 * not arrive together), capped, and never sooner than the platform asked.
 */
export function nextAttemptDelay(
  attempts: number,
  retryAfterMs: number | undefined,
  random = Math.random,
): number {
  const base = Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
  const jittered = base / 2 + random() * (base / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** After this many attempts (about a day with the cap above) a delivery is failed and reported. */
export const MAX_ATTEMPTS = 100;
