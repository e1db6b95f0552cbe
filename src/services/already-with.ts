import { isLive } from '../domain/lifecycle.js';
import type { Customer } from '../domain/types.js';
import { fail, type Result, type ServiceDeps } from './deps.js';

/**
 * A handoff to the team the customer is already with: there is nothing to
 * hand over, so the answer says where the customer is, who has them, what is
 * in flight, and where they could go next (the playbooks leaving this team).
 * Keys only: the reply is put in words in the reader's language.
 */
export async function alreadyWithTeam(
  deps: ServiceDeps,
  customer: Customer,
  team: string,
): Promise<Result<never>> {
  const live = (await deps.store.listHandoffs({ customerId: customer.id })).filter((h) => isLive(h.state));
  const inFlight = live.at(-1);
  const next = deps.dir.playbooks
    .filter((p) => p.from === team && p.to !== team)
    .map((p) => p.to)
    .filter((to, i, all) => all.indexOf(to) === i);
  return fail('ALREADY_WITH_TEAM', {
    customer: customer.name,
    team,
    owner: customer.owner ?? inFlight?.owner ?? '',
    next: next.join(','),
    ...(inFlight
      ? { openFrom: inFlight.from, openTo: inFlight.to, openState: inFlight.state, openId: inFlight.id }
      : {}),
  });
}
