import { cancelAll } from '../domain/followups.js';
import { AWAITING_FIRST_CONTACT, type HandoffAction, mayDo, whoMay } from '../domain/lifecycle.js';
import type { ContactChannel, Customer, FollowUp, Handoff, Touchpoint } from '../domain/types.js';
import type { ChangeSet } from '../store/store.js';
import { customerAudit, handoffAudit } from './audit.js';
import { recordWrites } from './crm-records.js';
import { cardUpdates } from './deliveries.js';
import { fail, ok, type Result } from './deps.js';
import { movedTo, notifySender } from './handoff-actions.js';
import {
  type ActionDeps,
  type ActionInput,
  type BuildContext,
  type Built,
  mutateHandoff,
  nextVersion,
} from './mutate.js';
import { handoffTerms, planCadence, planPulse } from './sla.js';

export interface ContactInput {
  channel: ContactChannel;
  note?: string;
  /** The person who made the contact, when a system reports it for them (the touchpoint's `by`). */
  by?: string;
  /** Where it was logged from: a platform's or a webhook source's name, ... */
  source?: string;
}

/**
 * Logs the first (or a further) contact on a handoff. On an open handoff it
 * accepts it too: whoever reached the customer owns them. Every reminder the
 * contact satisfies stops, and the customer's cadence starts from now.
 */
export function logHandoffContact(
  deps: ActionDeps,
  input: ActionInput & ContactInput,
): Promise<Result<Handoff>> {
  return mutateHandoff(deps, input, 'contact', async (h, ctx) =>
    ok(await contactChange(deps, h, input, ctx, { at: ctx.at, owner: h.owner ?? input.actor })),
  );
}

/**
 * A contact a system of record reports (a call logged in the CRM) on a
 * handoff still owed its first contact: it counts as the button does (the
 * handoff is contacted, its card updated, its reminders cancelled). No
 * permission check: the system reports what happened, not what someone may
 * do. `by` is the person who made it when the system's user is one of ours;
 * they own the handoff if they may take it, else it keeps its owner (or the
 * person asked to accept it).
 */
export async function logRecordedContact(
  deps: ActionDeps,
  input: ContactInput & { handoffId: string; actor: string; by?: string; at: string },
): Promise<Result<Handoff>> {
  // Not a person's action: a system of record says the contact happened, so only the state is checked.
  const refuse = (h: Handoff) =>
    h.state === 'open' || h.state === 'accepted'
      ? undefined
      : { code: 'WRONG_STATE' as const, vars: { state: h.state, action: 'contact' } };
  return mutateHandoff(
    deps,
    input,
    'contact',
    async (h, ctx) => {
      const taker = input.by && mayDo(deps.dir, h, input.by, 'contact') ? input.by : undefined;
      const owner = h.owner ?? taker ?? h.assignee;
      const when = { at: input.at < ctx.at ? input.at : ctx.at, ...(owner ? { owner } : {}) };
      return ok(await contactChange(deps, h, input, ctx, when));
    },
    refuse,
  );
}

/** The change a first (or further) contact makes: the handoff contacted, its follow-ups cancelled, its cards updated. */
async function contactChange(
  deps: ActionDeps,
  h: Handoff,
  input: ContactInput & { actor: string; by?: string },
  ctx: BuildContext,
  when: { at: string; owner?: string },
): Promise<Built> {
  const first = h.state !== 'contacted';
  const contacted = nextVersion(h, ctx.at, {
    state: 'contacted',
    ...(when.owner ? { owner: when.owner } : {}),
    ...(h.acceptedAt ? {} : { acceptedAt: when.at }),
    ...(first ? { contactedAt: when.at } : {}),
  });
  const touchpoint = newTouchpoint(deps, h.customerId, input, when.at, h.id);
  const pending = await deps.store.listFollowUps({ handoffId: h.id });
  // A further contact leaves the pulse planned at the first one alone.
  const followUps: FollowUp[] = cancelAll(
    pending.filter((f) => f.window !== 'pulse'),
    ctx.at,
    'contacted',
  );
  const terms = handoffTerms(deps.dir, h);
  if (first && terms) followUps.push(...planPulse(contacted, terms));
  const change: ChangeSet = {
    handoffs: [{ value: contacted, expectedVersion: h.version }],
    touchpoints: [touchpoint],
    followUps,
    deliveries: [
      ...cardUpdates(ctx.dctx, contacted, await deps.store.listCardRefs(h.id), {
        event: 'contacted',
        actor: input.by ?? input.actor,
        detail: input.channel,
      }),
      ...(first
        ? notifySender(deps, contacted, input.by ?? input.actor, ctx, 'contacted', input.channel)
        : []),
    ],
    audit: [
      handoffAudit(deps.ids, ctx.at, input.by ?? input.actor, 'handoff.contacted', contacted, {
        channel: input.channel,
        // Said only of contacts a system reported, so the timeline can tell where it came from.
        ...(input.actor.startsWith('webhook:') && input.source ? { source: input.source } : {}),
      }),
    ],
  };
  const customer = await deps.store.getCustomer(h.customerId);
  // Only the first contact is news for the record; later ones are the customer's own touchpoints.
  if (first)
    change.deliveries?.push(
      ...recordWrites(
        deps,
        ctx.dctx,
        contacted,
        customer,
        { event: 'contacted', actor: input.by ?? input.actor, detail: input.channel },
        input.source,
      ),
    );
  if (customer) {
    const base = h.state === 'open' ? movedTo(deps, customer, contacted, ctx.at) : bump(customer, ctx.at);
    const after = await afterContact(deps, base, ctx.now, h.id);
    change.customers = [{ value: after.customer, expectedVersion: customer.version }];
    followUps.push(...after.followUps);
  }
  return { handoff: contacted, change };
}

/**
 * `/cx contact <customer>` and `contact.logged` events: a touchpoint on the
 * customer. When a handoff is waiting on this contact, it counts for it.
 */
export async function logCustomerContact(
  deps: ActionDeps,
  input: ContactInput & { customerId: string; actor: string; at?: string },
): Promise<Result<{ customer: Customer; handoff?: Handoff }>> {
  const isPerson = input.actor !== 'system' && !input.actor.startsWith('webhook:');
  if (isPerson && !deps.dir.person(input.actor)) return fail('UNKNOWN_USER', { user: input.actor });
  const waiting = (
    await deps.store.listHandoffs({ customerId: input.customerId, states: AWAITING_FIRST_CONTACT })
  )[0];
  if (waiting && isPerson) {
    // A handoff owes this customer their first contact: a person's contact counts
    // for it, logged by someone who may log it there, or it is refused. Otherwise
    // anyone could clear the customer from /cx gaps while the handoff's
    // reminders (and its promise) were still open.
    const r =
      waiting.state === 'declined'
        ? fail<Handoff>('WRONG_STATE', { state: 'declined', action: 'contact' })
        : await logHandoffContact(deps, { ...input, handoffId: waiting.id });
    if (r.ok) {
      const customer = await deps.store.getCustomer(input.customerId);
      return customer
        ? ok({ customer, handoff: r.value })
        : fail('CUSTOMER_NOT_FOUND', { customer: input.customerId });
    }
    if (r.failure.code !== 'NOT_ALLOWED' && r.failure.code !== 'WRONG_STATE') return r;
    const customer = await deps.store.getCustomer(input.customerId);
    const who: HandoffAction = waiting.state === 'declined' ? 'resend' : 'contact';
    return fail('NOT_ALLOWED', {
      action: who,
      roles: whoMay(who).join(','),
      from: waiting.from,
      to: waiting.to,
      sender: waiting.sender,
      ...((waiting.owner ?? waiting.assignee) ? { owner: waiting.owner ?? waiting.assignee ?? '' } : {}),
      customer: customer?.name ?? input.customerId,
      reason: waiting.state === 'declined' ? 'handoff-declined' : 'handoff-waits',
    });
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const customer = await deps.store.getCustomer(input.customerId);
    if (!customer || customer.erasedAt)
      return fail('CUSTOMER_NOT_FOUND', { customer: input.customerId, suggestions: '' });
    const now = deps.clock.now();
    const at = now.toISOString();
    const when = input.at && input.at < at ? input.at : at;
    const touchpoint = newTouchpoint(deps, customer.id, input, when);
    const after = await afterContact(deps, bump(customer, at), new Date(when));
    const result = await deps.store.commit({
      customers: [{ value: after.customer, expectedVersion: customer.version }],
      touchpoints: [touchpoint],
      followUps: after.followUps,
      audit: [
        customerAudit(deps.ids, at, input.actor, 'customer.contacted', customer.id, {
          channel: input.channel,
        }),
      ],
    });
    if (result.ok) return ok({ customer: after.customer });
    if (result.reason !== 'conflict') return fail('BUSY');
  }
  return fail('BUSY');
}

/**
 * Last contact now; the cadence (if the customer has one) restarts from it.
 * While a handoff (other than `contacted`, the one just contacted) still owes
 * the customer a first contact, that handoff's deadline stays the customer's
 * next contact due and no cadence starts: a contact it does not count (a
 * system's, say) must not move the customer out of /cx gaps.
 */
async function afterContact(
  deps: ActionDeps,
  customer: Customer,
  when: Date,
  contacted?: string,
): Promise<{ customer: Customer; followUps: FollowUp[] }> {
  const at = when.toISOString();
  const updated: Customer = {
    ...customer,
    lastContactAt: customer.lastContactAt && customer.lastContactAt > at ? customer.lastContactAt : at,
  };
  const waiting = (
    await deps.store.listHandoffs({ customerId: customer.id, states: AWAITING_FIRST_CONTACT })
  ).filter((h) => h.id !== contacted);
  if (waiting.length > 0) {
    const due = waiting
      .map((h) => h.contactDueAt)
      .filter((d): d is string => d !== undefined)
      .sort()[0];
    if (due && customer.postPurchase) updated.contactDueAt = due;
    return { customer: updated, followUps: [] };
  }
  const old = (await deps.store.listFollowUps({ customerId: customer.id })).filter(
    (f) => f.window === 'cadence',
  );
  const followUps = cancelAll(old, deps.clock.now().toISOString(), 'contacted');
  const plan = planCadence(deps.dir, updated, new Date(updated.lastContactAt ?? at));
  if (plan) {
    updated.contactDueAt = plan.deadline.toISOString();
    followUps.push(...plan.followUps);
  } else {
    delete updated.contactDueAt;
  }
  return { customer: updated, followUps };
}

function bump(c: Customer, at: string): Customer {
  return { ...c, updatedAt: at, version: c.version + 1 };
}

function newTouchpoint(
  deps: ActionDeps,
  customerId: string,
  input: ContactInput & { actor?: string },
  at: string,
  handoffId?: string,
): Touchpoint {
  return {
    id: deps.ids('tch'),
    customerId,
    at,
    channel: input.channel,
    ...((input.by ?? input.actor) ? { by: input.by ?? input.actor } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(handoffId ? { handoffId } : {}),
    ...(input.source ? { source: input.source } : {}),
  };
}
