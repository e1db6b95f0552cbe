import type { Directory } from '../../src/config/directory.js';
import type { TeamsEnv } from './platform.js';

/**
 * The Agents Playground has one user, but a handoff has two sides: Dana hands
 * a customer over, someone in Delivery accepts (Baton refuses a sender who
 * tries to accept their own handoff). So in the demo that user may say who
 * they are: `as tom`, then `as dana` again. Only when Baton runs the
 * Playground on the embedded default (no platform's credentials set), where
 * Teams requests carry no token (no MicrosoftAppId) and whoever reaches
 * /api/messages already names any
 * user id they like: the switch grants nothing that was not open already.
 * With a MicrosoftAppId set it does not exist.
 */
export interface DemoIdentity {
  /** Teams user id → the person key that user acts as. */
  readonly actingAs: Map<string, string>;
}

export function demoIdentity(env: TeamsEnv, embedded: boolean): DemoIdentity | undefined {
  if (env.MicrosoftAppId) return undefined;
  const playground = env.BATON_PLAYGROUND === 'on' || (env.BATON_PLAYGROUND === 'auto' && embedded);
  return playground ? { actingAs: new Map() } : undefined;
}

/** `as tom`, `as Tom Becker`, `as @tom`: the person meant, by key, full name or first name. */
export function personNamed(dir: Directory, text: string): string | undefined {
  const needle = text.trim().replace(/^@/, '').toLowerCase();
  if (!needle) return undefined;
  if (dir.person(needle)) return needle;
  const people = Object.entries(dir.config.people);
  return (
    people.find(([, p]) => p.name.toLowerCase() === needle)?.[0] ??
    people.find(([, p]) => p.name.toLowerCase().split(/\s+/)[0] === needle)?.[0]
  );
}
