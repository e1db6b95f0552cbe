import type { z } from 'zod';
import type { AdapterContext, PlatformAdapter } from '../server/adapter.js';
import type { Translator } from '../translation/translator.js';

/** The variables an adapter reads, as a zod shape; validated with the core's at start. */
export type EnvShape = z.ZodRawShape;
export type EnvOf<S extends EnvShape> = z.infer<z.ZodObject<S>>;

/** What every registered adapter says about itself so the core can check and protect it. */
export interface Described<S extends EnvShape = EnvShape> {
  /** Lower-case key: the platform's key in the config and in deliveries, or the source's. */
  readonly name: string;
  /** The name people read in logs and `baton check` lines. */
  readonly label: string;
  readonly env: S;
  /** Variables whose values never reach a log line. */
  readonly secretEnv: readonly (keyof S & string)[];
  /** Request headers blanked in logs (signatures). */
  readonly redactHeaders: readonly string[];
}

/**
 * A chat platform: where people work and cards are posted. Its ids sit in
 * the config under `teams.<key>.<name>` and `people.<key>.<name>`; their
 * schemas, with the messages for a wrong id, are the adapter's own.
 */
export interface ChatPlatform<S extends EnvShape = EnvShape, TeamIds = unknown, PersonId = unknown>
  extends Described<S> {
  /** Where a team works on this platform (`teams.<key>.<name>`). */
  readonly teamIds: z.ZodType<TeamIds, unknown>;
  /** A person's id on this platform (`people.<key>.<name>`). */
  readonly personId: z.ZodType<PersonId, unknown>;
  /** The conversation a team's cards go to. */
  channelOf(ids: TeamIds): string;
  /** The id the platform names a person by in what it sends. */
  userOf(id: PersonId): string;
  /** Its credentials are set: Baton connects to it. */
  connected(env: EnvOf<S>): boolean;
  /** Runs when no platform is connected (a local try-out needs no credentials). */
  readonly embeddedDefault?: boolean;
  /** The adapter itself; loaded only when the platform runs. */
  create(ctx: AdapterContext): Promise<PlatformAdapter>;
  /**
   * Optional: starts loading the adapter's code and libraries ahead of `create`, so a start
   * loads them while it waits on the data file. Whatever it fails with, `create` says again.
   */
  load?(): Promise<unknown>;
}

/** Keeps the descriptor's own types (its env, its ids) where it is written. */
export function definePlatform<S extends EnvShape, TeamIds, PersonId>(
  p: ChatPlatform<S, TeamIds, PersonId>,
): ChatPlatform<S, TeamIds, PersonId> {
  return p;
}

/** A webhook source: a system of record that tells Baton what happened to a customer. */
export interface WebhookSourceInfo<S extends EnvShape = EnvShape> extends Described<S> {
  /** The path it posts to, e.g. `/hooks/shop`. */
  readonly route: string;
  /** The variable whose value checks the signature; set, it switches the source on. */
  readonly secret: keyof S & string;
  /** Where a person opens the customer's record, from the id kept under the source's name in `externalIds`. */
  recordUrl?(id: string): string;
}

/**
 * A machine translation provider for the Translate button. Several may be
 * registered; the first whose credentials are set is used, and with none
 * set translation is off (no button anywhere).
 */
export interface TranslationProviderInfo<S extends EnvShape = EnvShape> extends Described<S> {
  /** Its credentials are set: Baton translates through it. */
  connected(env: EnvOf<S>): boolean;
  /** The provider itself; loaded only when it is used. */
  create(env: EnvOf<S>): Promise<Translator>;
}

export function defineTranslationProvider<S extends EnvShape>(
  p: TranslationProviderInfo<S>,
): TranslationProviderInfo<S> {
  return p;
}

/**
 * A system of record Baton writes back to: when a handoff is accepted,
 * reassigned, first contacted or declined, a note (or task) goes on the record
 * the customer came from. Its adapter is a `Notifier` whose platform is
 * `name`, so the outbox carries the writes with its retries and doubt checks.
 */
export interface RecordWriterInfo<S extends EnvShape = EnvShape> extends Described<S> {
  /** The `Customer.externalIds` keys it can write on, preferred first. */
  readonly recordKeys: readonly string[];
  /** Write-back is switched on and its credentials are set. */
  connected(env: EnvOf<S>): boolean;
  /** The adapter (its notifier, `ready`, `check`); loaded only when it runs. */
  create(ctx: AdapterContext): Promise<PlatformAdapter>;
}

export function defineRecordWriter<S extends EnvShape>(w: RecordWriterInfo<S>): RecordWriterInfo<S> {
  return w;
}
