import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import type { TeamConfig } from '../../src/config/schema.js';
import { definePlatform, type EnvOf } from '../../src/registry/descriptors.js';

const env = {
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  /** Another Web API base (tests, a proxy). */
  SLACK_API_URL: optional,
};

const teamIds = z.object({
  channel: z.string().regex(/^[CG][A-Z0-9]+$/, 'a Slack channel id like C0SALES'),
});

/**
 * Slack as Baton's registry sees it: its variables, its ids in the config
 * (`teams.<key>.slack.channel`, `people.<key>.slack`), and the adapter,
 * loaded only when SLACK_BOT_TOKEN and a way in (signing secret or app
 * token) are set.
 */
export const slackPlatform = definePlatform({
  name: 'slack',
  label: 'Slack',
  env,
  secretEnv: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'],
  redactHeaders: ['x-slack-signature'],
  teamIds,
  personId: z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id like U0DANA'),
  channelOf: (ids) => ids.channel,
  userOf: (id) => id,
  connected: (e) => Boolean(e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)),
  async create(ctx) {
    const { createSlackAdapter } = await import('./index.js');
    return createSlackAdapter(ctx);
  },
  load: () => import('./index.js'),
});

export type SlackEnv = EnvOf<typeof env>;

/** The channel a team's cards go to in Slack, as the config says. */
export const slackChannelOf = (team: TeamConfig | undefined): string | undefined =>
  (team?.slack as z.infer<typeof teamIds> | undefined)?.channel;
