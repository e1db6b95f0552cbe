import type { CheckLine } from '../../src/server/check-line.js';
import { personPlatform } from '../../src/services/deliveries.js';
import type { Services } from '../../src/services/index.js';
import { allowedTenants, isLoopbackUrl } from './admission.js';
import { type TeamsEnv, teamsIdsOf } from './platform.js';
import type { ConversationBook } from './refs.js';
import { checkBotToken } from './token-check.js';

/**
 * Lines for `baton check`: whether Microsoft gives the app its Bot Framework
 * token (the one line that fails the check: without it nothing is posted),
 * then which teams' channels and which people Baton cannot reach in Teams
 * yet, and what to do about it. Baton learns a conversation when it is
 * installed there or someone talks to it, so those lines only warn.
 */
export async function checkLines(deps: {
  services: Services;
  book: ConversationBook;
  env: TeamsEnv;
}): Promise<Array<CheckLine | string>> {
  const { services, book, env } = deps;
  const dir = services.deps.dir;
  const lines: Array<CheckLine | string> = [];
  if (env.MicrosoftAppId) {
    const tenants = [...allowedTenants(env, dir)];
    lines.push(
      tenants.length > 0
        ? `ok   Teams: bot ${env.MicrosoftAppId}, serving tenant${tenants.length > 1 ? 's' : ''} ${tenants.join(', ')}`
        : `warn Teams: bot ${env.MicrosoftAppId} serves NO tenant: every activity is refused; set MicrosoftAppTenantId or TEAMS_ALLOWED_TENANTS`,
    );
    lines.push(await checkBotToken(env));
  } else {
    lines.push(
      'skip Teams: no MicrosoftAppId set: local mode, only the Playground on this machine is served; set MicrosoftAppId to serve Teams',
    );
    if (env.TEAMS_SERVICE_URL && !isLoopbackUrl(env.TEAMS_SERVICE_URL))
      lines.push(
        `warn Teams: TEAMS_SERVICE_URL ${env.TEAMS_SERVICE_URL} is not on this machine: without MicrosoftAppId Baton posts only to loopback`,
      );
  }
  const fallback = env.TEAMS_SERVICE_URL ?? (await book.anyServiceUrl());
  for (const [key, team] of Object.entries(dir.config.teams)) {
    const cfg = teamsIdsOf(team);
    if (!cfg) continue;
    const known = (await book.get(cfg.channel)) ?? (cfg.team ? await book.get(cfg.team) : undefined);
    if (known) lines.push(`ok   Teams: ${team.name} (${key}) channel ${cfg.channel} reachable`);
    else if (fallback) {
      lines.push(
        `warn Teams: ${team.name} (${key}) channel ${cfg.channel}: Baton has not been installed there yet; it will post through ${fallback}`,
      );
    } else {
      lines.push(
        `warn Teams: ${team.name} (${key}) channel ${cfg.channel} NOT reachable yet: install Baton in that team, or set TEAMS_SERVICE_URL`,
      );
    }
  }
  const dctx = { dir, ids: () => '', now: '', platforms: services.deps.platforms };
  const unreached: string[] = [];
  for (const [key, person] of Object.entries(dir.config.people)) {
    if (personPlatform(dctx, key) !== 'teams') continue;
    const known =
      (await book.get(key)) ??
      (dir.personId(key, 'teams') ? await book.get(dir.personId(key, 'teams') ?? '') : undefined);
    if (!known) unreached.push(`${person.name} (${key})`);
  }
  if (unreached.length > 0) {
    const how = fallback
      ? 'Baton will try to open a 1:1 chat with them; that works once the app is installed for them'
      : 'they need to install Baton or message it once';
    lines.push(`warn Teams: no 1:1 chat yet with ${unreached.join(', ')}: ${how}`);
  }
  return lines;
}
