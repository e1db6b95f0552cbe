import { isIP } from 'node:net';
import type { Activity } from 'botbuilder';
import type { Directory } from '../../src/config/directory.js';
import { tenantOf } from './activity.js';
import { type TeamsEnv, teamsIdsOf } from './platform.js';

/** Why Baton turned an activity away, for the 403 and the log line. */
export interface Refusal {
  status: 403;
  reason: string;
}

const LOCAL_FIX =
  'Baton has no MicrosoftAppId, so it serves only the local Playground (requests from this machine, replies to a loopback serviceUrl); set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId to serve Teams';

/**
 * 127.0.0.0/8, ::1 and their IPv4-mapped forms, and `localhost`. Not
 * `*.localhost`: a resolver may ask a DNS server about those.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(h) === 6 && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(h);
}

export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

/** Without an app id Baton posts nowhere but loopback; with one, wherever Teams' connector is. */
export function mayPostTo(env: TeamsEnv, serviceUrl: string | undefined): boolean {
  return Boolean(env.MicrosoftAppId) || isLoopbackUrl(serviceUrl);
}

export function localModeRefusal(serviceUrl: string | undefined): string {
  return `not posting to ${serviceUrl || '(no serviceUrl)'}: ${LOCAL_FIX}`;
}

/**
 * The tenants whose activities Baton serves: `MicrosoftAppTenantId` (a
 * single-tenant registration), `TEAMS_ALLOWED_TENANTS` (a multi-tenant one)
 * and any `tenant` a team names in the config.
 */
export function allowedTenants(env: TeamsEnv, dir: Directory): Set<string> {
  const out = new Set<string>(env.TEAMS_ALLOWED_TENANTS);
  if (env.MicrosoftAppTenantId) out.add(env.MicrosoftAppTenantId);
  for (const team of Object.values(dir.config.teams)) {
    const tenant = teamsIdsOf(team)?.tenant;
    if (tenant) out.add(tenant);
  }
  return out;
}

/** Headers a reverse proxy or tunnel adds: behind one, a loopback peer says nothing about the sender. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'];

/**
 * Local mode (no MicrosoftAppId): nobody's token is checked, so only this
 * machine may talk to Baton, and only about a connector on this machine;
 * otherwise a forged activity could run an admin's command or point a
 * team's channel at someone else's server. Checked before anything is read
 * or stored.
 */
export function admitLocal(
  peer: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  a: Partial<Activity>,
): Refusal | undefined {
  if (!isLoopbackHost(peer))
    return { status: 403, reason: `request from ${peer ?? 'an unknown address'} refused: ${LOCAL_FIX}` };
  const proxied = FORWARDED.find((h) => headers[h] !== undefined);
  if (proxied)
    return { status: 403, reason: `request through a proxy (${proxied} header) refused: ${LOCAL_FIX}` };
  if (!isLoopbackUrl(a.serviceUrl))
    return {
      status: 403,
      reason: `activity naming serviceUrl ${a.serviceUrl ?? '(none)'} refused: ${LOCAL_FIX}`,
    };
  return undefined;
}

/**
 * With an app id, a valid token says Microsoft sent the activity, not that
 * it comes from this organisation: its tenant must be one Baton serves.
 */
export function admitTenant(tenants: ReadonlySet<string>, a: Partial<Activity>): Refusal | undefined {
  const tenant = tenantOf(a);
  const conversationTenant = a.conversation?.tenantId;
  if (tenant && conversationTenant && conversationTenant !== tenant)
    return { status: 403, reason: `activity names two tenants (${tenant}, ${conversationTenant}): refused` };
  if (tenants.size === 0)
    return {
      status: 403,
      reason:
        'no Teams tenant is allowed: set MicrosoftAppTenantId (single-tenant bot) or TEAMS_ALLOWED_TENANTS (comma-separated tenant ids, multi-tenant bot)',
    };
  if (!tenant || !tenants.has(tenant))
    return {
      status: 403,
      reason: `activity from tenant ${tenant ?? '(none)'} refused: add it to TEAMS_ALLOWED_TENANTS (or MicrosoftAppTenantId) if Baton should serve it`,
    };
  return undefined;
}
