import type { Platform } from '../domain/types.js';
import type { Env } from './env.js';

/**
 * The platforms a start with this environment sends to: Slack when its
 * credentials are set; Teams when an app id is set, or when no platform is
 * configured at all (the embedded default, with the Playground).
 */
export function configuredPlatforms(env: Env): Platform[] {
  const slack = Boolean(env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN));
  const teams = Boolean(env.MicrosoftAppId) || !slack;
  return [...(slack ? (['slack'] as const) : []), ...(teams ? (['teams'] as const) : [])];
}
