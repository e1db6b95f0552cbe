import type { Directory } from '../config/directory.js';
import { publicUrlOf } from '../services/dashboard-links.js';
import type { ServiceDeps } from '../services/deps.js';

/** Whom a view is for: their language and time zone, and what Baton knows about the organisation. */
export interface ViewReader {
  dir: Directory;
  locale: string;
  timeZone: string;
  now: Date;
  /** Where Baton's dashboard is (`publicUrlOf`): set, views link a customer to its page there. */
  publicUrl?: string;
  /** A translation provider is set up: views with free text offer the Translate button. */
  translation?: boolean;
}

/** The reader of a view asked for in chat: the caller's language and zone, now, and where the dashboard is. */
export function readerFor(
  deps: Pick<ServiceDeps, 'dir' | 'clock' | 'publicUrl' | 'translator'>,
  caller: { locale: string; timeZone: string },
): ViewReader {
  return {
    dir: deps.dir,
    locale: caller.locale,
    timeZone: caller.timeZone,
    now: deps.clock.now(),
    publicUrl: publicUrlOf(deps),
    ...(deps.translator ? { translation: true } : {}),
  };
}
