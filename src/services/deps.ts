import type { Clock, IdGenerator } from '../clock.js';
import type { Directory } from '../config/directory.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Translator } from '../translation/translator.js';

/** What every service needs; the server builds it once, tests build their own. */
export interface ServiceDeps {
  store: Store;
  dir: Directory;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** Where people reach Baton's web pages (`BATON_PUBLIC_URL`); unset: http://localhost:<PORT>. */
  publicUrl?: string;
  /** Translates what people wrote (the Translate button); unset: translation is off. */
  translator?: Translator;
  /**
   * Systems of record Baton writes handoff changes back to (those connected
   * here), each with the `externalIds` keys it writes on, preferred first.
   * Read when a change is built, so the composition root may fill it late.
   */
  recordSystems?: readonly RecordSystem[];
}

export interface RecordSystem {
  name: string;
  keys: readonly string[];
}

/**
 * A service's answer. Failures are expected outcomes (unknown customer, not
 * allowed, already accepted), each with a code the adapters turn into a
 * helpful sentence in the reader's language, never an exception.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export interface Failure {
  code: FailureCode;
  vars: Record<string, string | number>;
}

export type FailureCode =
  | 'CUSTOMER_NOT_FOUND'
  | 'CUSTOMER_AMBIGUOUS'
  | 'TEAM_NOT_FOUND'
  | 'PERSON_NOT_FOUND'
  | 'NO_PLAYBOOK'
  /** The pair has playbooks, but only segments (`when:`) this customer matches none of. */
  | 'NO_SEGMENT'
  | 'ALREADY_WITH_TEAM'
  | 'NOT_ALLOWED'
  | 'UNKNOWN_USER'
  | 'ALREADY_ACCEPTED'
  | 'ALREADY_IN_STATE'
  | 'WRONG_STATE'
  | 'STALE_CARD'
  | 'MISSING_FIELDS'
  | 'SNOOZE_LIMIT'
  | 'HANDOFF_NOT_FOUND'
  | 'INVALID_INPUT'
  | 'BUSY'
  | 'RATE_LIMITED'
  | 'TRANSLATION_OFF';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(
  code: FailureCode,
  vars: Record<string, string | number> = {},
): Result<T> => ({
  ok: false,
  failure: { code, vars },
});

/** No playbook hands between these teams: say which pairs exist. */
export function noPlaybook(dir: Directory, from: string, to: string): Result<never> {
  return fail('NO_PLAYBOOK', {
    from: dir.teamName(from),
    to: dir.teamName(to),
    // A pair with several segments is one route.
    pairs: [
      ...new Set(
        dir.playbooks
          .filter((p) => p.from !== p.to)
          .map((p) => `${dir.teamName(p.from)} → ${dir.teamName(p.to)}`),
      ),
    ].join(', '),
  });
}
