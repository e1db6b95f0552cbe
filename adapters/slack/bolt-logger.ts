import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/log.js';

const text = (msg: unknown[]) =>
  msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');

/** Web API bodies hold what Baton shows people (key contacts, notes): personal data stays out of logs. */
const withoutBodies = (t: string) => t.replace(/^(http request (?:body|result)):.*$/s, '$1: [omitted]');

/** Bolt's logger interface over Baton's: one log stream, one format, one place secrets are redacted. */
export function boltLogger(log: Logger, debug = false): BoltLogger {
  let level = LogLevel.INFO;
  return {
    // Bolt logs every ack at debug level; unless asked for, that text is not even built.
    debug: debug ? (...msg) => log.debug({ bolt: true }, withoutBodies(text(msg))) : () => {},
    info: (...msg) => log.info({ bolt: true }, text(msg)),
    warn: (...msg) => log.warn({ bolt: true }, text(msg)),
    error: (...msg) => log.error({ bolt: true }, text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
