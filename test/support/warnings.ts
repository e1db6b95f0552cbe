import type { Logger } from '../../src/log.js';

/** A logger that keeps the messages of its warnings and errors, for tests that read what was said. */
export function warnings(): Logger & { said: string[] } {
  const said: string[] = [];
  const log: Logger & { said: string[] } = {
    said,
    info: () => {},
    debug: () => {},
    error: (_o, msg = '') => said.push(msg),
    warn: (_o, msg = '') => said.push(msg),
    child: () => log,
  };
  return log;
}
