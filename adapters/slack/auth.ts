import type { AuthorizeResult, webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import { errorText } from './errors.js';

export interface AuthState {
  /** For /readyz: connected, or why not in words an operator can act on. */
  status(): { ok: boolean; detail: string };
  /** Checks the token now (auth.test); never throws. */
  check(): Promise<void>;
  /** Checks again if Slack has not answered yet and the last try is old enough. */
  recheck(): Promise<void>;
  /** Bolt's authorize: the token always, the bot's ids once known, so a bad start never blocks requests. */
  authorize(): Promise<AuthorizeResult>;
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
    } catch (err) {
      const reason = errorText(err);
      const hint = HINTS[reason];
      const next = `Slack auth.test failed: ${reason}${hint ? ` (${hint})` : ''}`;
      if (next !== detail || ok) log.error({ reason }, `${next}; Baton keeps running and asks again`);
      ok = false;
      detail = next;
    }
  }

  function check(): Promise<void> {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    status: () => ({ ok, detail }),
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
