import type { AuthorizeResult, webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import { failureCause } from './errors.js';

export interface AuthState {
  /** For /readyz and `baton check`: connected, or why not in words an operator can act on. */
  status(): AuthStatus;
  /** Checks the token now (auth.test); never throws. */
  check(): Promise<void>;
  /** Checks again if Slack has not answered yet and the last try is old enough. */
  recheck(): Promise<void>;
  /** Bolt's authorize: the token always, the bot's ids once known, so a bad start never blocks requests. */
  authorize(): Promise<AuthorizeResult>;
}

export interface AuthStatus {
  ok: boolean;
  detail: string;
  /** When auth.test failed: where it was sent, why it failed and what to do. */
  url?: string;
  cause?: string;
  fix?: string;
}

const HINTS: Record<string, string> = {
  invalid_auth: 'check SLACK_BOT_TOKEN',
  not_authed: 'set SLACK_BOT_TOKEN',
  account_inactive: 'the app was uninstalled or its token revoked',
  token_revoked: 'the app was uninstalled or its token revoked',
};

/**
 * Bolt would call auth.test while the App is constructed and leave every
 * event unauthorised when that fails; Baton asks itself, keeps serving, says
 * what is wrong in the log and in /readyz, and asks again (every 30 seconds
 * by default) until Slack answers.
 */
export function createAuthState(
  client: webApi.WebClient,
  token: string,
  log: Logger,
  recheckMs = 30_000,
): AuthState {
  let ok = false;
  let detail = 'Slack: not checked yet';
  let failure: Pick<AuthStatus, 'url' | 'cause' | 'fix'> = {};
  const url = `${client.slackApiUrl}auth.test`;
  let botId: string | undefined;
  let botUserId: string | undefined;
  let checkedAt = 0;
  let running: Promise<void> | undefined;

  async function run(): Promise<void> {
    checkedAt = Date.now();
    try {
      const r = await client.auth.test({ token });
      botId = r.bot_id;
      botUserId = r.user_id;
      if (!ok) log.info({ team: r.team, bot: r.user }, 'connected to Slack');
      ok = true;
      detail = `connected to ${r.team ?? r.team_id ?? 'Slack'} as @${r.user ?? 'baton'}`;
      failure = {};
    } catch (err) {
      const reason = failureCause(err);
      const hint = HINTS[reason];
      const next = `Slack auth.test at ${url} failed: ${reason}${hint ? ` (${hint})` : ''}`;
      if (next !== detail || ok) log.error({ reason, url }, `${next}; Baton keeps running and asks again`);
      ok = false;
      detail = next;
      // A code of Slack's own (missing_scope, ...) came from Slack: the network is fine.
      const fix = hint ?? (/^[a-z_]+$/.test(reason) ? undefined : fixOf(url));
      failure = { url, cause: reason, ...(fix ? { fix } : {}) };
    }
  }

  function check(): Promise<void> {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    status: () => ({ ok, detail, ...failure }),
    check,
    async recheck() {
      if (!ok && Date.now() - checkedAt >= recheckMs) await check();
    },
    async authorize() {
      if (!ok && Date.now() - checkedAt >= recheckMs) void check();
      return { botToken: token, ...(botId ? { botId } : {}), ...(botUserId ? { botUserId } : {}) };
    },
  };
}

/** No answer at all: the network or SLACK_API_URL, not the token. */
function fixOf(url: string): string {
  return url.startsWith('https://slack.com/')
    ? 'check that this machine reaches slack.com (proxy, firewall, DNS)'
    : 'check SLACK_API_URL and that this machine reaches it';
}
