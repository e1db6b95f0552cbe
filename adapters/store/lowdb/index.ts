export { type LowdbStore, type LowdbStoreOptions, openLowdbStore } from './lowdb-store.js';
export { openReadOnlyLowdbStore } from './read-only.js';

/** Where the default store keeps its data unless BATON_DATA_FILE says otherwise. */
export const DEFAULT_DATA_FILE = './data/baton.json';

export const dataFileFromEnv = (env: Record<string, string | undefined> = process.env): string =>
  env.BATON_DATA_FILE || DEFAULT_DATA_FILE;
