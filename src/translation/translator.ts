import { BatonError } from '../errors.js';

/**
 * A machine translation service. The texts it gets are markup: `&`, `<` and
 * `>` of what people wrote arrive escaped, and `<k n="1"/>` stands for a piece
 * Baton kept back (an e-mail address, a phone number); a provider translates
 * them as XML or HTML so the tags come back untouched.
 */
export interface Translator {
  /** For the reader ("Translated by …") and logs. */
  readonly label: string;
  /**
   * One result per text, in order. `target` is a BCP 47 tag (`ko`, `en-GB`).
   * Throws `TranslationError` when the provider refuses or cannot be reached.
   */
  translate(texts: readonly string[], target: string): Promise<string[]>;
}

export type TranslationErrorCode =
  /** The key is wrong or revoked. */
  | 'TRANSLATION_AUTH'
  /** The account's character quota is used up for this period. */
  | 'TRANSLATION_QUOTA'
  /** Too many requests just now: a later click works. */
  | 'TRANSLATION_BUSY'
  /** The provider could not be reached, or answered what it should not. */
  | 'TRANSLATION_UNAVAILABLE';

/** A provider's failure, coded; the message says what to do about it. */
export class TranslationError extends BatonError {
  constructor(
    readonly reason: TranslationErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(reason, message, details);
    this.name = 'TranslationError';
  }
}
