import type { ServiceDeps } from '../../src/services/deps.js';
import { readsEverything } from '../../src/services/read-access.js';
import type { DashboardReader } from './page.js';

/**
 * The signed-in person as the pages see them, or undefined for someone no
 * longer in the config (their session outlived their place in it). An admin
 * or any lead reads every team; a member their own team's handoffs.
 */
export function readerFor(deps: Pick<ServiceDeps, 'dir'>, person: string): DashboardReader | undefined {
  const me = deps.dir.person(person);
  if (!me) return undefined;
  const all = readsEverything(deps, person);
  return {
    person,
    locale: deps.dir.personLocale(person),
    timeZone: deps.dir.personTimeZone(person),
    readsEverything: all,
    teams: all ? Object.keys(deps.dir.config.teams) : [me.team],
  };
}
