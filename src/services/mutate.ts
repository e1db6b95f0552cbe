import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { canStartFrom, type HandoffAction, refusalOf, whoMay } from '../domain/lifecycle.js';
import type { Handoff, Platform } from '../domain/types.js';
import type { ChangeSet } from '../store/store.js';
import type { DeliveryContext } from './deliveries.js';
import { type Failure, fail, ok, type Result, type ServiceDeps } from './deps.js';

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
  /** The check made on each read; by default the person's (`refusalFor`). A system's report passes its own. */
  refuse: (h: Handoff) => Failure | undefined = (h) => refusalFor(deps, h, input.actor, action),
): Promise<Result<Handoff>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const h = await deps.store.getHandoff(input.handoffId);
    if (!h) return fail('HANDOFF_NOT_FOUND', { handoff: input.handoffId });
    const refused = refuse(h);
    if (refused) return { ok: false, failure: refused };
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

/**
 * The refusal an action would get, if any: the state and permission checks,
 * also called by the adapters before they open a form, so nobody fills one in
 * only to be told no.
 */
export function refusalFor(
  deps: Pick<ActionDeps, 'dir' | 'clock'>,
  h: Handoff,
  actor: string,
  action: HandoffAction,
): Failure | undefined {
  if (!deps.dir.person(actor)) return { code: 'UNKNOWN_USER', vars: { user: actor } };
  if (!canStartFrom(action, h.state)) {
    if (
      action === 'accept' &&
      (h.state === 'accepted' || h.state === 'contacted' || h.state === 'done') &&
      h.owner
    ) {
      if (h.owner === actor) return { code: 'ALREADY_IN_STATE', vars: { state: h.state } };
      const since = h.acceptedAt
        ? formatDistanceStrict(new Date(h.acceptedAt), deps.clock.now(), { addSuffix: true })
        : '';
      return {
        code: 'ALREADY_ACCEPTED',
        vars: {
          person: deps.dir.personName(h.owner),
          ago: since,
          ...(h.acceptedAt ? { acceptedAt: h.acceptedAt } : {}),
        },
      };
    }
    return { code: 'WRONG_STATE', vars: { state: h.state, action } };
  }
  const refusal = refusalOf(deps.dir, h, actor, action);
  if (refusal) {
    const owner = h.owner ?? h.assignee;
    return {
      code: 'NOT_ALLOWED',
      vars: {
        action,
        roles: whoMay(action).join(','),
        from: h.from,
        to: h.to,
        sender: h.sender,
        ...(owner ? { owner } : {}),
        // The sender asking to take their own handoff is told why, not only who may.
        ...(refusal === 'own-handoff' ? { reason: 'own-handoff' } : {}),
      },
    };
  }
  return undefined;
}

export function nextVersion(h: Handoff, at: string, patch: Partial<Handoff>): Handoff {
  return { ...h, ...patch, updatedAt: at, version: h.version + 1 };
}
