import type { Directory } from '../config/directory.js';

/** Whom a view is for: their language and time zone, and what Baton knows about the organisation. */
export interface ViewReader {
  dir: Directory;
  locale: string;
  timeZone: string;
  now: Date;
  /** Where Baton's dashboard is (`publicUrlOf`): set, views link a customer to its page there. */
  publicUrl?: string;
}
