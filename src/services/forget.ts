import { createHash } from 'node:crypto';
import { type Erasure, erasedDelivery, erasureOf } from '../domain/erasure.js';
import { cancelAll } from '../domain/followups.js';
import type { CardRef, Customer, Delivery, Handoff } from '../domain/types.js';
import type { ChangeSet } from '../store/store.js';
import { translationsOf } from '../translation/cache.js';
import { customerAudit, handoffAudit } from './audit.js';
import { resolveCustomer } from './customers.js';
import { cardUpdates, type DeliveryContext, newDelivery } from './deliveries.js';
import { fail, ok, type Result } from './deps.js';
import type { ActionDeps } from './mutate.js';

export interface ForgetInput {
  /** The customer's id; a name or email is only ever answered with the exact command to confirm. */
  customerId: string;
  actor: string;
  confirmed?: boolean;
}

export type ForgetOutcome =
  | {
      status: 'needs-confirmation';
      customer: { id: string; name: string };
      /** What the admin types to go ahead (`reply.CONFIRM_FORGET`'s `{command}`). */
      command: string;
    }
  | {
      status: 'erased';
      customer: Customer;
      /** For the admin's own confirmation only; it is stored nowhere. */
      formerName: string;
      cancelledHandoffs: number;
      updatedCards: number;
      scrubbedDeliveries: number;
    };

const MAX_ATTEMPTS = 5;

export const forgetCommand = (customerId: string) => `/cx forget ${customerId} --confirm`;

/**
 * `/cx forget <customer>`: erases the customer's personal data everywhere
 * Baton keeps it (the customer, handoffs, history, deliveries of every
 * status, webhook events), in one commit, so a crash never leaves half of it
 * behind; the store confirms only once no file or table still holds it.
 * Erasure ends the customer's journey: their live handoffs are cancelled
 * (nobody is to be nudged to contact a person who asked to be forgotten),
 * and the cards Baton posted about them are re-rendered from the erased state.
 */
export async function forgetCustomer(deps: ActionDeps, input: ForgetInput): Promise<Result<ForgetOutcome>> {
  if (!deps.dir.isAdmin(input.actor)) return fail('NOT_ALLOWED', { action: 'forget', roles: 'admin' });
  const exact = await deps.store.getCustomer(input.customerId.trim());
  if (!exact) {
    // A name or email is never erased directly: the admin confirms the one exact id it resolved to.
    const found = await resolveCustomer(deps.store, input.customerId);
    if (!found.ok) return found;
    return ok(confirmation(found.value));
  }
  if (!input.confirmed) return ok(confirmation(exact));
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const customer = await deps.store.getCustomer(exact.id);
    if (!customer) return fail('CUSTOMER_NOT_FOUND', { customer: exact.id, suggestions: '' });
    const built = await buildErasure(deps, customer, input.actor);
    const result = await deps.store.commit(built.change);
    if (result.ok) return ok({ status: 'erased', formerName: customer.name, ...built.counts });
    if (result.reason !== 'conflict') return fail('BUSY');
  }
  return fail('BUSY');
}

function confirmation(c: Customer): ForgetOutcome {
  return { status: 'needs-confirmation', customer: { id: c.id, name: c.name }, command: forgetCommand(c.id) };
}

/** A placeholder that tells erased customers apart without echoing the id (which may come from a CRM). */
export function erasedName(customerId: string): string {
  return `Erased customer ${createHash('sha256').update(customerId).digest('hex').slice(0, 6)}`;
}

/**
 * External ids go too: they identify the person in another system, and an
 * erased record that still matched them would have a later CRM event merge
 * fresh personal data into a customer the scheduler and `/cx gaps` ignore
 * (`erasedAt`). Without them such an event makes a new customer, whom Baton
 * then serves; stopping that is for the system of record to do.
 */
export function erasedCustomer(c: Customer, at: string): Customer {
  const out: Customer = {
    id: c.id,
    name: erasedName(c.id),
    aliases: [],
    externalIds: {},
    contacts: [],
    stage: c.stage,
    team: c.team,
    postPurchase: c.postPurchase,
    erasedAt: at,
    createdAt: c.createdAt,
    updatedAt: at,
    version: c.version + 1,
  };
  // Dates and the owning colleague are Baton's own facts, kept so reports still add up.
  if (c.owner) out.owner = c.owner;
  if (c.purchasedAt) out.purchasedAt = c.purchasedAt;
  if (c.lastContactAt) out.lastContactAt = c.lastContactAt;
  return out;
}

/** A live handoff (never a closed one: those are not in the hot set) cancelled by the erasure, emptied. */
function erasedHandoff(h: Handoff, at: string): Handoff {
  const { note: _note, declineReason: _reason, ...rest } = h;
  return {
    ...rest,
    context: {},
    notes: [],
    state: 'cancelled',
    closedAt: at,
    updatedAt: at,
    version: h.version + 1,
  };
}

async function buildErasure(deps: ActionDeps, customer: Customer, actor: string) {
  const now = deps.clock.now();
  const at = now.toISOString();
  const dctx: DeliveryContext = { dir: deps.dir, ids: deps.ids, now: at, platforms: deps.platforms };
  const live = await deps.store.listHandoffs({ customerId: customer.id });
  const closedIds = new Set<string>();
  for (const e of await deps.store.history(customer.id)) if (e.kind === 'handoff') closedIds.add(e.entry.id);
  for (const h of live) closedIds.delete(h.id);

  const erased = erasedCustomer(customer, at);
  const change: ChangeSet = {
    customers: [{ value: erased, expectedVersion: customer.version }],
    handoffs: [],
    followUps: cancelAll(await deps.store.listFollowUps({ customerId: customer.id }), at, 'erased'),
    deliveries: [],
    // No details: the entry that records an erasure must not carry what was erased.
    audit: [customerAudit(deps.ids, at, actor, 'customer.erased', customer.id)],
    eraseHistoryOf: [customer.id],
    // Translations of what people wrote about them (keyed by their id) go too.
    kv: await translationsOf(deps.store, customer.id),
  };
  let updatedCards = 0;
  for (const h of live) {
    const closed = erasedHandoff(h, at);
    const refs = await deps.store.listCardRefs(h.id);
    updatedCards += refs.length;
    change.handoffs?.push({ value: closed, expectedVersion: h.version });
    change.deliveries?.push(...cardUpdates(dctx, closed, refs, { event: 'cancelled', actor }));
    change.audit?.push(handoffAudit(deps.ids, at, actor, 'handoff.cancelled', closed));
  }
  // Cards of finished handoffs still show the name in their channels; a closed
  // handoff cannot take a new version, so these updates are keyed by the erasure.
  for (const id of closedIds) {
    for (const ref of await deps.store.listCardRefs(id)) {
      if (!deps.platforms.includes(ref.platform)) continue;
      updatedCards++;
      change.deliveries?.push(cardRefresh(dctx, ref, now));
    }
  }
  // Deliveries of every status and webhook events are the store's to rewrite: sent
  // deliveries and events are not listed through the contract.
  const erasure = erasureOf(customer, [...closedIds, ...live.map((h) => h.id)]);
  change.erasures = [erasure];
  const scrubbed = await countScrubbed(deps, erasure);
  return {
    change,
    counts: {
      customer: erased,
      cancelledHandoffs: live.length,
      updatedCards,
      scrubbedDeliveries: scrubbed,
    },
  };
}

function cardRefresh(dctx: DeliveryContext, ref: CardRef, now: Date): Delivery {
  return newDelivery(
    dctx,
    `${ref.id}:erased:${now.getTime()}`,
    ref.platform,
    { kind: 'card', cardRefId: ref.id },
    { type: 'card-update', handoffId: ref.handoffId },
  );
}

/** How many queued and failed deliveries the erasure rewrites (the store rewrites sent ones too). */
async function countScrubbed(deps: ActionDeps, er: Erasure): Promise<number> {
  const queued = [
    ...(await deps.store.listDeliveries({ status: 'pending' })),
    ...(await deps.store.listDeliveries({ status: 'failed' })),
  ];
  return queued.filter((d) => erasedDelivery(d, er) !== undefined).length;
}
