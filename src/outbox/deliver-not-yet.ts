import type { Clock } from '../clock.js';
import type { Platform } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

/**
 * A platform adapter learned that Baton can now reach a place it could not (an install, a first
 * hello, an invite to a channel): the deliveries waiting for that (`notYet`) go now, not at their
 * next try ten minutes on. A failure here only leaves them to that try.
 */
export async function deliverNotYetNow(
  deps: { store: Store; clock: Clock; log: Logger },
  platform: Platform,
  label: string,
  context: Record<string, unknown> = {},
): Promise<void> {
  try {
    const due = await deps.store.deliverNotYetNow(platform, deps.clock.now());
    if (due > 0)
      deps.log.info(
        { ...context, deliveries: due },
        `messages that could not reach ${label} yet are tried again now`,
      );
  } catch (err) {
    deps.log.warn({ ...context, err }, `messages waiting to reach ${label} are left to their next try`);
  }
}
