import { createHash } from 'node:crypto';
import { cancelAll } from '../domain/followups.js';
import { liveWindow } from '../domain/lifecycle.js';
import type { Customer, Delivery, FollowUp, Handoff, ReminderItem } from '../domain/types.js';
import { type DeliveryContext, directMessage, newDelivery, teamPlatforms } from '../services/deliveries.js';
import type { ActionDeps } from '../services/mutate.js';
import { pulseQueued } from '../services/pulse.js';
import { commitTogether } from '../store/commit-together.js';
import type { AuditEntry, ChangeSet } from '../store/store.js';
import { type Routed, timeOffRouter } from './away-redirect.js';
import { escalationMarks } from './escalation-marks.js';

export interface TickResult {
  claimed: number;
  /** Messages queued: one per recipient, a digest when several items fell due together. */
  messages: number;
  /** Follow-ups found stale (the handoff moved on) and dropped. */
  stale: number;
}

/**
 * One scheduler tick: claim the follow-ups that fell due (also those that fell
 * due while Baton was down), drop the ones whose handoff has moved on, and
 * queue one message per recipient. Marking the follow-ups sent and queuing
 * the message are one commit, so a due item is sent once.
 */
export async function tick(
  deps: ActionDeps & { replica: string },
  opts: { limit?: number; leaseMs?: number } = {},
): Promise<TickResult> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const claimed = await deps.store.claimDueFollowUps(now, {
    limit: opts.limit ?? 1_000,
    leaseMs: opts.leaseMs ?? 60_000,
    owner: deps.replica,
  });
  const result: TickResult = { claimed: claimed.length, messages: 0, stale: 0 };
  if (claimed.length === 0) return result;

  // Read in two calls, not two per item: on PostgreSQL each call is a round trip.
  const handoffIds: string[] = [];
  for (const f of claimed) if (f.handoffId) handoffIds.push(f.handoffId);
  const handoffs = new Map<string, Handoff | undefined>();
  for (const h of await deps.store.getHandoffs(handoffIds)) handoffs.set(h.id, h);
  const customers = new Map<string, Customer>();
  for (const c of await deps.store.getCustomers(claimed.map((f) => f.customerId))) customers.set(c.id, c);
  const dctx: DeliveryContext = { dir: deps.dir, ids: deps.ids, now: at, platforms: deps.platforms };
  const route = timeOffRouter(dctx, now);
  const byRecipient = new Map<string, Routed[]>();
  const stale: FollowUp[] = [];
  const pulses: FollowUp[] = [];
  for (const f of claimed) {
    if (!stillDue(f, f.handoffId ? handoffs.get(f.handoffId) : undefined, customers.get(f.customerId))) {
      stale.push(f);
      continue;
    }
    // The pulse is a mail to the customer, not a reminder to anyone.
    if (f.window === 'pulse') {
      pulses.push(f);
      continue;
    }
    // Who is away is read now, at send time: a person away today is stood in for.
    const routed = route(f);
    const to = routed.recipient;
    const key = to.kind === 'person' ? `p:${to.person}` : `t:${to.team}`;
    const list = byRecipient.get(key) ?? [];
    list.push(routed);
    byRecipient.set(key, list);
  }
  if (stale.length > 0) {
    result.stale = stale.length;
    await deps.store.commit({ followUps: cancelAll(stale, at, 'no longer due') });
  }
  const changes: Array<{ items: FollowUp[]; change: ChangeSet }> = [];
  for (const items of byRecipient.values())
    changes.push({ items, change: await messageFor(deps, items, handoffs, dctx) });
  for (const f of pulses) {
    const h = handoffs.get(f.handoffId ?? '');
    const c = customers.get(f.customerId);
    if (h && c) changes.push({ items: [f], change: await pulseQueued(deps, f, h, c, dctx) });
  }
  // One commit when they merge (one fsync, one transaction), each on its own after a conflict.
  const results = await commitTogether(
    deps.store,
    changes.map((c) => c.change),
  );
  results.forEach((r, i) => {
    if (r.ok) result.messages++;
    // On a conflict (the handoff changed meanwhile) the claim lapses and the next tick looks again.
    else
      deps.log.warn(
        { result: r, followUps: changes[i]?.items.map((f) => f.id) },
        'follow-up commit conflicted',
      );
  });
  return result;
}

/**
 * A follow-up is sent only while its window is live: a handoff's windows are
 * what `LIVE_WINDOWS` keeps for the handoff's state now (a declined handoff
 * still owes its first contact; an accepted one no longer waits to be
 * accepted), and only for the handoff's current round; a cadence window
 * until the customer is contacted after it started.
 */
export function stillDue(f: FollowUp, h: Handoff | undefined, c: Customer | undefined): boolean {
  if (!c || c.erasedAt) return false;
  if (f.window === 'cadence') {
    if (!c.postPurchase) return false;
    return !c.lastContactAt || c.lastContactAt <= f.windowStart;
  }
  if (!h) return false;
  if (!f.id.startsWith(`${h.id}:r${h.round}:`)) return false;
  return liveWindow(h.state, f.window) !== undefined;
}

async function messageFor(
  deps: ActionDeps,
  items: Routed[],
  handoffs: Map<string, Handoff | undefined>,
  dctx: DeliveryContext,
): Promise<ChangeSet> {
  const at = dctx.now;
  const first = items[0];
  if (!first) return {};
  const ids = items.map((f) => f.id).sort();
  const key = `reminder:${createHash('sha1').update(ids.join('\n')).digest('hex')}`;
  const message = { type: 'reminder' as const, followUps: items.map(reminderItem) };
  let deliveries: Delivery[] = [];
  if (first.recipient.kind === 'person') {
    deliveries = directMessage(dctx, key, first.recipient.person, message);
  } else {
    const team = first.recipient.team;
    deliveries = teamPlatforms(dctx, team).map((p) =>
      newDelivery(dctx, `${key}:${p}`, p, { kind: 'team', team }, message),
    );
  }
  const audit: AuditEntry[] = [];
  for (const f of items) {
    const who = f.recipient.kind === 'person' ? f.recipient.person : `team:${f.recipient.team}`;
    const reached = deliveries.length > 0;
    audit.push({
      id: deps.ids('aud'),
      at,
      actor: 'system',
      action: f.kind === 'escalation' ? 'followup.escalated' : 'followup.nudged',
      subject: { type: 'followup', id: f.id },
      customerId: f.customerId,
      details: {
        to: who,
        window: f.window,
        step: f.step,
        ...(f.awayFor ? { standingInFor: f.awayFor.person } : {}),
        ...(reached ? {} : { undeliverable: 'no connected platform' }),
      },
    });
    if (!reached) deps.log.warn({ followUp: f.id, to: who }, 'no connected platform reaches this recipient');
  }
  // Each escalation step reached is marked on its handoff and its cards.
  const marks = await escalationMarks(deps, dctx, items, handoffs);
  audit.push(...marks.audit);
  deliveries.push(...marks.deliveries);
  return {
    followUpsSent: items.map((f) => f.id),
    deliveries,
    audit,
    ...(marks.handoffs.length > 0 ? { handoffs: marks.handoffs } : {}),
  };
}

/** Built field by field: this runs for every due item, and rest-spread is slow on a hot path. */
function reminderItem(f: Routed): ReminderItem {
  const out: ReminderItem = {
    id: f.id,
    customerId: f.customerId,
    window: f.window,
    kind: f.kind,
    step: f.step,
    recipient: f.recipient,
    deadline: f.deadline,
    dueAt: f.dueAt,
  };
  if (f.handoffId !== undefined) out.handoffId = f.handoffId;
  if (f.awayFor !== undefined) out.awayFor = f.awayFor;
  return out;
}
