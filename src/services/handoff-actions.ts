import { AWAITING_FIRST_CONTACT } from '../domain/lifecycle.js';
import type { Customer, FollowUp, Handoff } from '../domain/types.js';
import { parseDuration } from '../time/duration.js';
import { handoffAudit } from './audit.js';
import { recordWrites } from './crm-records.js';
import { cardUpdates, directMessage } from './deliveries.js';
import { fail, ok, type Result } from './deps.js';
import {
  type ActionDeps,
  type ActionInput,
  type BuildContext,
  type Built,
  mutateHandoff,
  nextVersion,
} from './mutate.js';
import { liveFollowUps, moveFollowUps, planCadence } from './sla.js';

/** The person accepting becomes the owner; the first-contact clock keeps running from when the card went out. */
export function accept(deps: ActionDeps, input: ActionInput): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'accept', async (h, ctx) =>
    ok(await buildAccept(deps, h, input.actor, ctx)),
  );
}

export async function buildAccept(
  deps: ActionDeps,
  h: Handoff,
  actor: string,
  ctx: BuildContext,
): Promise<Built> {
  const accepted = nextVersion(h, ctx.at, { state: 'accepted', owner: actor, acceptedAt: ctx.at });
  const pending = await deps.store.listFollowUps({ handoffId: h.id });
  const customer = await deps.store.getCustomer(h.customerId);
  // The accept window closes; the first-contact reminders, planned at open, are now the owner's.
  const followUps = moveFollowUps(
    pending,
    liveFollowUps(deps.dir, accepted, { postPurchase: customer?.postPurchase === true, now: ctx.now }),
    ctx.at,
    'accepted',
  );
  const refs = await deps.store.listCardRefs(h.id);
  const change: Built['change'] = {
    handoffs: [{ value: accepted, expectedVersion: h.version }],
    followUps,
    deliveries: [
      ...cardUpdates(ctx.dctx, accepted, refs, { event: 'accepted', actor }),
      ...notifySender(deps, accepted, actor, ctx, 'accepted'),
      ...recordWrites(deps, ctx.dctx, accepted, customer, { event: 'accepted', actor }),
    ],
    audit: [handoffAudit(deps.ids, ctx.at, actor, 'handoff.accepted', accepted)],
  };
  if (customer)
    change.customers = [
      { value: movedTo(deps, customer, accepted, ctx.at), expectedVersion: customer.version },
    ];
  return { handoff: accepted, change };
}

/** The customer now belongs to the receiving team and its new owner. */
export function movedTo(deps: ActionDeps, c: Customer, h: Handoff, at: string): Customer {
  const next: Customer = {
    ...c,
    team: h.to,
    stage: deps.dir.team(h.to)?.stage ?? h.to,
    updatedAt: at,
    version: c.version + 1,
  };
  if (h.owner) next.owner = h.owner;
  return next;
}

/** Returned to the sender with a reason; the sender fixes the context and sends again. */
export function decline(deps: ActionDeps, input: ActionInput & { reason: string }): Promise<Result<Handoff>> {
  const reason = input.reason.trim();
  if (reason.length === 0) return Promise.resolve(fail('INVALID_INPUT', { field: 'reason' }));
  return mutateHandoff(deps, input, 'decline', async (h, ctx) => {
    const declined = nextVersion(h, ctx.at, { state: 'declined', declineReason: reason });
    const built = await closeWindows(deps, h, declined, input.actor, ctx, 'declined', reason);
    // The customer still waits: until the sender sends it again or cancels it, the
    // first-contact reminders go to the sender and escalate to the leads LIVE_WINDOWS names.
    const pending = await deps.store.listFollowUps({ handoffId: h.id });
    const customer = await deps.store.getCustomer(h.customerId);
    built.change.followUps = moveFollowUps(
      pending,
      liveFollowUps(deps.dir, declined, { postPurchase: customer?.postPurchase === true, now: ctx.now }),
      ctx.at,
      'declined',
      isSendingLeadEscalation,
    );
    built.change.deliveries?.push(
      ...recordWrites(deps, ctx.dctx, declined, customer, {
        event: 'declined',
        actor: input.actor,
        detail: reason,
      }),
    );
    return ok(built);
  });
}

/** Planned only once a handoff is declined, so never sent before in this round. */
const isSendingLeadEscalation = (f: FollowUp) => f.kind === 'escalation' && f.id.endsWith(':sending-lead');

export function complete(deps: ActionDeps, input: ActionInput): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'complete', async (h, ctx) => {
    const done = nextVersion(h, ctx.at, { state: 'done', closedAt: ctx.at });
    return ok(await closeWindows(deps, h, done, input.actor, ctx, 'completed'));
  });
}

/**
 * The handoff will not go ahead. A post-purchase customer is never left
 * without someone owing them a contact: when no other handoff is carrying
 * them, they stay with their current team and owner on its contact cadence,
 * or, where that team has no cadence, they are owed a contact now and
 * `/cx gaps` lists them. The handoff records which (`afterCancel`), so the
 * card and the confirmation say it.
 */
export function cancel(deps: ActionDeps, input: ActionInput & { reason?: string }): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'cancel', async (h, ctx) => {
    const customer = await deps.store.getCustomer(h.customerId);
    let afterCancel: Handoff['afterCancel'];
    let customerChange: Customer | undefined;
    const cadence: FollowUp[] = [];
    if (customer?.postPurchase && !customer.erasedAt) {
      const others = (
        await deps.store.listHandoffs({ customerId: customer.id, states: AWAITING_FIRST_CONTACT })
      ).filter((o) => o.id !== h.id);
      const other = others[0];
      if (other) {
        afterCancel = { kind: 'handoff', team: other.to };
      } else {
        const start = new Date(customer.lastContactAt ?? customer.purchasedAt ?? ctx.at);
        const plan = planCadence(deps.dir, customer, start);
        const dueAt = plan ? plan.deadline.toISOString() : ctx.at;
        afterCancel = {
          kind: plan ? 'cadence' : 'gap',
          team: customer.team,
          ...(customer.owner ? { owner: customer.owner } : {}),
          dueAt,
        };
        if (plan) cadence.push(...plan.followUps);
        // Without a cadence nobody would be reminded: owed now, the customer shows in /cx gaps.
        const contactDueAt =
          plan || !customer.contactDueAt || customer.contactDueAt > dueAt ? dueAt : customer.contactDueAt;
        customerChange = { ...customer, contactDueAt, updatedAt: ctx.at, version: customer.version + 1 };
      }
    }
    const cancelled = nextVersion(h, ctx.at, {
      state: 'cancelled',
      closedAt: ctx.at,
      ...(afterCancel ? { afterCancel } : {}),
    });
    const built = await closeWindows(deps, h, cancelled, input.actor, ctx, 'cancelled', input.reason);
    built.change.followUps = [...(built.change.followUps ?? []), ...cadence];
    if (customer && customerChange)
      built.change.customers = [{ value: customerChange, expectedVersion: customer.version }];
    return ok(built);
  });
}

async function closeWindows(
  deps: ActionDeps,
  before: Handoff,
  after: Handoff,
  actor: string,
  ctx: BuildContext,
  event: 'declined' | 'completed' | 'cancelled',
  detail?: string,
): Promise<Built> {
  const pending = await deps.store.listFollowUps({ handoffId: before.id });
  const refs = await deps.store.listCardRefs(before.id);
  const note = { event, actor, ...(detail ? { detail } : {}) };
  return {
    handoff: after,
    change: {
      handoffs: [{ value: after, expectedVersion: before.version }],
      // Nothing stays live in a closed state; a decline replaces this with what it keeps.
      followUps: moveFollowUps(
        pending,
        liveFollowUps(deps.dir, after, { postPurchase: false, now: ctx.now }),
        ctx.at,
        event,
      ),
      deliveries: [
        ...cardUpdates(ctx.dctx, after, refs, note),
        ...notifySender(deps, after, actor, ctx, event, detail),
      ],
      audit: [
        handoffAudit(
          deps.ids,
          ctx.at,
          actor,
          `handoff.${event}`,
          after,
          detail ? { reason: detail } : undefined,
        ),
      ],
    },
  };
}

/** Changes the owner (or the person asked to accept) without leaving the state. */
export function reassign(deps: ActionDeps, input: ActionInput & { to: string }): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'reassign', async (h, ctx) => {
    const person = deps.dir.person(input.to);
    if (!person) return fail('PERSON_NOT_FOUND', { person: input.to });
    if (person.team !== h.to && !deps.dir.isLeadOf(input.to, h.to)) {
      return fail('INVALID_INPUT', { outsideTeam: input.to, team: h.to });
    }
    const previous = h.owner ?? h.assignee;
    const patch: Partial<Handoff> = h.owner ? { owner: input.to } : { assignee: input.to };
    const moved = nextVersion(h, ctx.at, patch);
    const pending = await deps.store.listFollowUps({ handoffId: h.id });
    const followUps = moveFollowUps(
      pending,
      liveFollowUps(deps.dir, moved, { postPurchase: false, now: ctx.now }),
      ctx.at,
      'reassigned',
    );
    if (h.owner) {
      // The customer changes owner too: their cadence reminders follow, or they would
      // keep going to someone who may have left.
      const cadence = await deps.store.listFollowUps({ customerId: h.customerId });
      followUps.push(
        ...retarget(
          cadence.filter((f) => f.window === 'cadence'),
          input.to,
        ),
      );
    }
    const refs = await deps.store.listCardRefs(h.id);
    const customer = await deps.store.getCustomer(h.customerId);
    const change: Built['change'] = {
      handoffs: [{ value: moved, expectedVersion: h.version }],
      followUps,
      deliveries: [
        ...cardUpdates(ctx.dctx, moved, refs, { event: 'reassigned', actor: input.actor, detail: input.to }),
        ...directMessage(ctx.dctx, `${h.id}:v${moved.version}:reassigned`, input.to, {
          type: 'note',
          handoffId: h.id,
          event: 'reassigned',
          actor: input.actor,
          detail: input.to,
        }),
        ...recordWrites(deps, ctx.dctx, moved, customer, {
          event: 'reassigned',
          actor: input.actor,
          detail: input.to,
        }),
      ],
      audit: [
        handoffAudit(deps.ids, ctx.at, input.actor, 'handoff.reassigned', moved, {
          from: previous,
          to: input.to,
        }),
      ],
    };
    if (h.owner) {
      const customer = await deps.store.getCustomer(h.customerId);
      if (customer) {
        change.customers = [
          {
            value: { ...customer, owner: input.to, updatedAt: ctx.at, version: customer.version + 1 },
            expectedVersion: customer.version,
          },
        ];
      }
    }
    return ok({ handoff: moved, change });
  });
}

/**
 * Moves the actor's pending nudges later, within limits: never past the
 * escalation to the lead (which a snooze does not move), at most
 * `snooze.max` at a time and `snooze.times` per handoff.
 */
export function snooze(
  deps: ActionDeps,
  input: ActionInput & { duration: string },
): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'snooze', async (h, ctx) => {
    const limits = deps.dir.config.snooze;
    if (h.snoozeCount >= limits.times) return fail('SNOOZE_LIMIT', { times: limits.times });
    let wantMs: number;
    let maxMs: number;
    try {
      wantMs = durationMs(input.duration);
      maxMs = durationMs(limits.max);
    } catch {
      return fail('INVALID_INPUT', { field: 'duration' });
    }
    if (wantMs <= 0 || wantMs > maxMs) return fail('SNOOZE_LIMIT', { max: limits.max, times: limits.times });
    const until = new Date(ctx.now.getTime() + wantMs);
    const pending = await deps.store.listFollowUps({ handoffId: h.id });
    // Each window's escalation stays where it is, and no nudge moves past it.
    const escalationOf = (window: string) =>
      Math.min(
        ...pending
          .filter((f) => f.kind === 'escalation' && f.window === window)
          .map((f) => Date.parse(f.dueAt)),
        Number.POSITIVE_INFINITY,
      );
    const moved = pending.flatMap((f) => {
      if (f.kind !== 'nudge') return [];
      const newDue = Math.min(until.getTime(), escalationOf(f.window));
      return Date.parse(f.dueAt) < newDue ? [{ ...f, dueAt: new Date(newDue).toISOString() }] : [];
    });
    const snoozed = nextVersion(h, ctx.at, { snoozeCount: h.snoozeCount + 1 });
    const refs = await deps.store.listCardRefs(h.id);
    return ok({
      handoff: snoozed,
      change: {
        handoffs: [{ value: snoozed, expectedVersion: h.version }],
        followUps: moved,
        deliveries: cardUpdates(ctx.dctx, snoozed, refs),
        audit: [
          handoffAudit(deps.ids, ctx.at, input.actor, 'handoff.snoozed', snoozed, {
            until: until.toISOString(),
          }),
        ],
      },
    });
  });
}

function durationMs(text: string): number {
  const d = parseDuration(text);
  return d.days * 86_400_000 + d.ms;
}

/** Tells the sender what became of their handoff (not when they did it themselves). */
export function notifySender(
  deps: ActionDeps,
  h: Handoff,
  actor: string,
  ctx: BuildContext,
  event: 'accepted' | 'declined' | 'completed' | 'cancelled' | 'contacted',
  detail?: string,
) {
  if (h.sender === actor || h.sender === 'system' || !deps.dir.person(h.sender)) return [];
  return directMessage(ctx.dctx, `${h.id}:v${h.version}:sender:${event}`, h.sender, {
    type: 'note',
    handoffId: h.id,
    event,
    actor,
    ...(detail ? { detail } : {}),
  });
}

/** Pending nudges moved to another person; escalations stay with the lead. */
export function retarget(followUps: readonly FollowUp[], person: string): FollowUp[] {
  return followUps
    .filter((f) => f.kind === 'nudge' && f.status === 'pending')
    .map((f) => {
      const { leaseUntil: _u, leaseOwner: _o, ...rest } = f;
      return { ...rest, recipient: { kind: 'person' as const, person } };
    });
}
