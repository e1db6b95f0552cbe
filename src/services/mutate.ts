import { formatDistanceStrict } from 'date-fns';
import { canStartFrom, type HandoffAction, mayDo, whoMay } from '../domain/lifecycle.js';
import type { Handoff, Platform } from '../domain/types.js';
import type { ChangeSet } from '../store/store.js';
import type { DeliveryContext } from './deliveries.js';
import { fail, ok, type Result, type ServiceDeps } from './deps.js';

export type ActionDeps = ServiceDeps & { platforms: readonly Platform[] };

export interface ActionInput {
  handoffId: string;
  /** Person key of whoever pressed the button or typed the command. */
  actor: string;
  /** The card version the person saw, when the action came from a card. */
  version?: number;
}

export interface Built {
  handoff: Handoff;
  change: ChangeSet;
}

export interface BuildContext {
  now: Date;
  at: string;
  dctx: DeliveryContext;
}

const MAX_ATTEMPTS = 5;

/**
 * Read, check, build, commit; on a version conflict read again and re-check,
 * so of two people pressing Accept at once one wins and the other is told
 * who did. Nothing is applied twice: the loser's change set is rejected whole.
 */
export async function mutateHandoff(
  deps: ActionDeps,
  input: ActionInput,
  action: HandoffAction,
  build: (h: Handoff, ctx: BuildContext) => Promise<Result<Built>>,
): Promise<Result<Handoff>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const h = await deps.store.getHandoff(input.handoffId);
    if (!h) return fail('HANDOFF_NOT_FOUND', { handoff: input.handoffId });
    if (!deps.dir.person(input.actor)) return fail('UNKNOWN_USER', { user: input.actor });
    const refused = checkAllowed(deps, h, input, action);
    if (refused) return refused;
    const now = deps.clock.now();
    const at = now.toISOString();
    const built = await build(h, {
      now,
      at,
      dctx: { dir: deps.dir, ids: deps.ids, now: at, platforms: deps.platforms },
    });
    if (!built.ok) return built;
    const result = await deps.store.commit(built.value.change);
    if (result.ok) return ok(built.value.handoff);
    if (result.reason !== 'conflict') return fail('BUSY');
  }
  return fail('BUSY');
}

function checkAllowed(
  deps: ActionDeps,
  h: Handoff,
  input: ActionInput,
  action: HandoffAction,
): Result<never> | undefined {
  if (!canStartFrom(action, h.state)) {
    if (
      action === 'accept' &&
      (h.state === 'accepted' || h.state === 'contacted' || h.state === 'done') &&
      h.owner
    ) {
      if (h.owner === input.actor) return fail('ALREADY_IN_STATE', { state: h.state });
      const since = h.acceptedAt
        ? formatDistanceStrict(new Date(h.acceptedAt), deps.clock.now(), { addSuffix: true })
        : '';
      return fail('ALREADY_ACCEPTED', {
        person: deps.dir.personName(h.owner),
        ago: since,
        ...(h.acceptedAt ? { acceptedAt: h.acceptedAt } : {}),
      });
    }
    return fail('WRONG_STATE', { state: h.state, action });
  }
  if (!mayDo(deps.dir, h, input.actor, action)) {
    return fail('NOT_ALLOWED', {
      action,
      roles: whoMay(action).join(','),
      from: h.from,
      to: h.to,
      sender: h.sender,
      ...((h.owner ?? h.assignee) ? { owner: h.owner ?? h.assignee ?? '' } : {}),
    });
  }
  return undefined;
}

export function nextVersion(h: Handoff, at: string, patch: Partial<Handoff>): Handoff {
  return { ...h, ...patch, updatedAt: at, version: h.version + 1 };
}
