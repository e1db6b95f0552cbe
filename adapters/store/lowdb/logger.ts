/** The slice of a pino logger the file store needs; any such logger fits. */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Without a logger, recoveries still leave a trace on stderr. */
export const defaultStoreLogger: StoreLogger = {
  info: () => {},
  warn: (obj, msg) => console.warn(`[baton store] ${msg ?? ''}`, obj),
};
