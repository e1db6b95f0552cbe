import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import type { PersonConfig, TeamConfig } from '../../src/config/schema.js';
import { definePlatform, type EnvOf } from '../../src/registry/descriptors.js';

const env = {
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: optional,
  MicrosoftAppTenantId: optional,
  TEAMS_SERVICE_URL: optional,
  /**
   * botbuilder's own setting: the login authority (`https://<host>/<tenant>`) `baton check` asks
   * for the Bot Framework token instead of https://login.microsoftonline.com/<tenant>. Tests
   * point it at a loopback fake; Baton's own sends keep botbuilder's public-cloud login.
   */
  ToChannelFromBotLoginUrl: optional.refine((v) => v === undefined || isAuthority(v), {
    message: 'a login authority URL with its tenant, like https://login.microsoftonline.com/<tenant id>',
  }),
  /**
   * Tenants a multi-tenant Teams bot serves (comma-separated ids); with an app id, activities
   * from any other tenant are refused. MicrosoftAppTenantId is always allowed.
   */
  TEAMS_ALLOWED_TENANTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** `off` keeps the Playground from starting with `npm start` on the embedded default. */
  BATON_PLAYGROUND: z.enum(['auto', 'on', 'off']).default('auto'),
  BATON_PLAYGROUND_PORT: z.coerce.number().int().min(1).max(65535).default(56150),
};

/** `http(s)://host/tenant`: the tenant is part of the authority, as botbuilder takes it. */
function isAuthority(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.pathname.replace(/\/+$/, '').length > 1;
  } catch {
    return false;
  }
}

const teamIds = z.object({
  channel: z.string().min(1, 'a Teams channel id like "19:abc@thread.tacv2"'),
  team: z.string().min(1).optional(),
  tenant: z.string().optional(),
});
export type TeamsTeamIds = z.infer<typeof teamIds>;

/**
 * Microsoft Teams as Baton's registry sees it: its variables, its ids in
 * the config (`teams.<key>.teams.channel/team/tenant`, `people.<key>.teams`),
 * and the adapter. It runs when MicrosoftAppId is set, and also when no
 * platform is configured at all: the embedded default, with the Playground.
 */
export const teamsPlatform = definePlatform({
  name: 'teams',
  label: 'Teams',
  env,
  secretEnv: ['MicrosoftAppPassword'],
  redactHeaders: [],
  teamIds,
  personId: z.string().min(1),
  channelOf: (ids) => ids.channel,
  userOf: (id) => id,
  connected: (e) => Boolean(e.MicrosoftAppId),
  embeddedDefault: true,
  async create(ctx) {
    const { createTeamsAdapter } = await import('./index.js');
    return createTeamsAdapter(ctx);
  },
  load: () => import('./index.js'),
});

export type TeamsEnv = EnvOf<typeof env>;

/** Where a team works in Teams, as the config says. */
export const teamsIdsOf = (team: TeamConfig | undefined): TeamsTeamIds | undefined =>
  team?.teams as TeamsTeamIds | undefined;

/** A person's Teams user id, as the config says. */
export const teamsUserOf = (person: PersonConfig | undefined): string | undefined =>
  person?.teams as string | undefined;
