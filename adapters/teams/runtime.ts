import type { Activity } from 'botbuilder';
import { describeFailure } from '../../src/cards/replies.js';
import type { Directory } from '../../src/config/directory.js';
import type { Handoff } from '../../src/domain/types.js';
import { catalogLanguage } from '../../src/i18n/translate.js';
import type { Logger } from '../../src/log.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import type { Failure } from '../../src/services/deps.js';
import type { Services } from '../../src/services/index.js';
import type { Store } from '../../src/store/store.js';
import { personOf } from './activity.js';
import type { Bot } from './bot.js';
import type { DemoIdentity } from './demo-identity.js';
import type { TeamsEnv } from './platform.js';
import type { ConversationBook } from './refs.js';

/** What every turn handler works with. */
export interface TeamsRuntime {
  services: Services;
  dir: Directory;
  store: Store;
  log: Logger;
  env: TeamsEnv;
  bot: Bot;
  book: ConversationBook;
  /** Reaches people in their 1:1 chat, as the outbox does (a dashboard link asked for in a channel). */
  notifier: Notifier;
  /** Playground only: who the one Playground user says they are (see demo-identity.ts). */
  demo?: DemoIdentity;
}

/** The person behind a Teams user, with the language and time zone Baton speaks to them in. */
export interface Caller {
  userId: string;
  person?: string;
  locale: string;
  timeZone: string;
}

export function callerOf(rt: TeamsRuntime, a: Partial<Activity>): Caller {
  const person = rt.demo?.actingAs.get(a.from?.id ?? '') ?? personOf(rt.dir, a.from);
  // Someone not in the config yet is answered in their Teams client's language when Baton has it.
  const clientLocale = a.locale && catalogLanguage(a.locale) !== 'en' ? a.locale : undefined;
  return {
    userId: a.from?.id ?? '',
    ...(person ? { person } : {}),
    locale: person ? rt.dir.personLocale(person) : (clientLocale ?? rt.dir.config.defaults.locale),
    timeZone: rt.dir.personTimeZone(person),
  };
}

/**
 * A service refusal in the reader's words: the core's sentences, shared
 * with Slack; "accepted 2 minutes ago" in the reader's language.
 */
export function failureText(rt: TeamsRuntime, caller: Caller, f: Failure, _handoff?: Handoff): string {
  return inTeamsWords(
    describeFailure(rt.dir, caller.locale, f, {
      platform: 'Teams',
      userId: caller.userId,
      now: rt.services.deps.clock.now(),
    }),
  );
}

/**
 * The shared sentences as Teams says them: the commands without Slack's
 * slash (`/cx mine` is `cx mine` after @Baton), Slack's *bold* as Markdown's.
 */
export function inTeamsWords(text: string): string {
  return text
    .replace(/(^|[\s*`("'])\/(handoff|cx)\b/g, '$1$2')
    .replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, '$1**$2**');
}

export function unknownUserText(rt: TeamsRuntime, caller: Caller): string {
  return failureText(rt, caller, { code: 'UNKNOWN_USER', vars: { user: caller.userId } });
}
