import { cancelAll } from '../domain/followups.js';
import { numberOf, subjectOf } from '../domain/segment-match.js';
import type {
  Customer,
  Handoff,
  HandoffContext,
  HandoffSource,
  InboundEvent,
  Platform,
} from '../domain/types.js';
import type { ChangeSet } from '../store/store.js';
import { alreadyWithTeam } from './already-with.js';
import { customerAudit, handoffAudit } from './audit.js';
import { mergeContext, missingFields } from './context-fields.js';
import type { CustomerData } from './customer-upsert.js';
import { matchCustomer, mergeAttributes } from './customer-upsert.js';
import { cardPosts, cardUpdates, type DeliveryContext, directMessage, newDelivery } from './deliveries.js';
import { fail, ok, type Result, type ServiceDeps } from './deps.js';
import { fallbackDetail, languageNotices, type Opened, openHandoff, standInDetail } from './open-handoff.js';
import { noPlaybookFor, samePair } from './segment-pick.js';

export interface StartHandoffInput {
  /** Person key, or `system` for events and time. */
  actor: string;
  customer: { id: string } | { data: CustomerData };
  to: { team: string } | { person: string };
  /** Defaults to the customer's team (or the actor's team for a new customer). */
  from?: string;
  context?: HandoffContext;
  note?: string;
  source: HandoffSource;
  /**
   * A detected moment (phrase, event with missing context) is only proposed:
   * the sender confirms before any card goes to the next team.
   */
  propose?: boolean;
  /** For a proposal from a channel message: where to answer in its thread. */
  proposeIn?: { platform: Platform; conversationId: string; threadId: string; serviceUrl?: string };
  /** When the moment happened (an event's occurredAt); defaults to now. */
  occurredAt?: string;
  /**
   * The inbound event this start settles, as it is to be recorded once the
   * handoff is started or noted: written in the same commit, so a crash never
   * leaves one without the other and a burst costs one commit an event.
   */
  settles?: (r: { handoff: Handoff; created: boolean }) => InboundEvent;
  /**
   * The playbook already chosen (a webhook's trigger, among the pair's
   * segments); otherwise the pair's playbook for this customer is picked here.
   */
  playbook?: string;
}

export interface StartHandoffOutcome {
  handoff: Handoff;
  customer: Customer;
  /** False when an open handoff of the same kind existed and got a note instead. */
  created: boolean;
}

const MAX_ATTEMPTS = 5;

export async function startHandoff(
  deps: ServiceDeps & { platforms: readonly Platform[] },
  input: StartHandoffInput,
): Promise<Result<StartHandoffOutcome>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // An assignment pick is held for handoffs opened meanwhile until its commit settles.
    const picks: Array<() => void> = [];
    try {
      const r = await attemptStart(deps, input, picks);
      if (r !== 'conflict') return r;
    } finally {
      for (const release of picks) release();
    }
  }
  return fail('BUSY');
}

async function attemptStart(
  deps: ServiceDeps & { platforms: readonly Platform[] },
  input: StartHandoffInput,
  picks: Array<() => void>,
): Promise<Result<StartHandoffOutcome> | 'conflict'> {
  const { dir, store, ids } = deps;
  const now = deps.clock.now();
  const at = now.toISOString();
  const isPerson = input.actor !== 'system';
  if (isPerson && !dir.person(input.actor)) return fail('UNKNOWN_USER', { user: input.actor });

  let customer: Customer;
  let expectedVersion: number | null;
  let customerChanged: boolean;
  if ('id' in input.customer) {
    const found = await store.getCustomer(input.customer.id);
    // An erased customer takes no new personal data: Baton no longer serves them.
    if (!found || found.erasedAt)
      return fail('CUSTOMER_NOT_FOUND', { customer: input.customer.id, suggestions: '' });
    customer = found;
    expectedVersion = found.version;
    customerChanged = false;
  } else {
    const teamOfActor = isPerson ? dir.person(input.actor)?.team : undefined;
    const data = { ...input.customer.data };
    if (!data.team && (input.from ?? teamOfActor)) data.team = input.from ?? teamOfActor;
    const m = await matchCustomer(deps, data);
    customer = m.customer;
    expectedVersion = m.expectedVersion;
    customerChanged = true;
  }

  let toTeam: string;
  let toPerson: string | undefined;
  if ('team' in input.to) {
    const key = dir.findTeam(input.to.team);
    if (!key)
      return fail('TEAM_NOT_FOUND', { team: input.to.team, teams: Object.keys(dir.config.teams).join(', ') });
    toTeam = key;
  } else {
    const p = dir.person(input.to.person);
    if (!p) return fail('PERSON_NOT_FOUND', { person: input.to.person });
    toTeam = p.team;
    toPerson = input.to.person;
  }
  const from = input.from ?? customer.team;
  const context = mergeContext({}, input.context ?? {});
  if (customer.language && !context.language) context.language = customer.language;
  // The deal value the handoff carries becomes the customer's: segments match on it later too.
  const dealValue = numberOf(context.dealValue);
  if (dealValue !== undefined && dealValue !== customer.attributes?.dealValue) {
    customer = {
      ...customer,
      attributes: mergeAttributes(customer.attributes, { dealValue }),
      ...(customerChanged ? {} : { updatedAt: at, version: customer.version + 1 }),
    };
    customerChanged = true;
  }
  const chosen = input.playbook ? dir.playbook(input.playbook) : undefined;
  const pb =
    chosen && chosen.from === from && chosen.to === toTeam
      ? chosen
      : dir.playbookFor(from, toTeam, subjectOf(customer, context, input.source));
  if (!pb) {
    return from === toTeam
      ? alreadyWithTeam(deps, customer, from)
      : noPlaybookFor(dir, customer, from, toTeam);
  }
  if (isPerson && !mayStart(deps, input.actor, customer, from)) {
    return fail('NOT_ALLOWED', { action: 'handoff', roles: 'sending-team,sending-lead', from });
  }

  // A deal that re-enters its trigger stage while its handoff is live adds a
  // note to the card in flight instead of a second card (whichever segment it went under).
  const live = (await store.listHandoffs({ customerId: customer.id })).find(
    (h) => samePair(dir, h, pb) && h.state !== 'declined',
  );
  if (live) return addNoteToLive(deps, input, live, customer, expectedVersion, customerChanged, context);

  const missing = missingFields(pb, context);
  if (isPerson && missing.length > 0 && !input.propose) {
    return fail('MISSING_FIELDS', { fields: missing.join(', ') });
  }
  const propose = input.propose === true || missing.length > 0;
  const sender = isPerson ? input.actor : (customer.owner ?? dir.team(from)?.lead ?? 'system');
  const dctx: DeliveryContext = { dir, ids, now: at, platforms: deps.platforms };

  let handoff: Handoff = {
    id: ids('hnd'),
    customerId: customer.id,
    playbook: pb.id,
    from,
    to: toTeam,
    sender,
    source: input.source,
    state: propose ? 'proposed' : 'open',
    context,
    ...(input.note ? { note: input.note } : {}),
    notes: [],
    round: 1,
    snoozeCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const change: ChangeSet = { audit: [], deliveries: [], followUps: [] };
  let opened: Opened | undefined;
  if (!propose) {
    opened = await openHandoff(deps, handoff, toPerson, now, { hold: true, customer });
    picks.push(opened.release);
    handoff = opened.handoff;
    change.followUps?.push(...opened.followUps);
    change.kv = opened.kv;
    change.deliveries?.push(...cardPosts(dctx, handoff, opened.cardTo));
  } else if (input.proposeIn) {
    const p = input.proposeIn;
    change.deliveries?.push(
      newDelivery(
        dctx,
        `${handoff.id}:proposal`,
        p.platform,
        {
          kind: 'address',
          conversationId: p.conversationId,
          threadId: p.threadId,
          ...(p.serviceUrl ? { serviceUrl: p.serviceUrl } : {}),
        },
        { type: 'proposal', handoffId: handoff.id },
      ),
    );
  } else if (sender !== 'system') {
    change.deliveries?.push(
      ...directMessage(dctx, `${handoff.id}:proposal`, sender, { type: 'proposal', handoffId: handoff.id }),
    );
  }
  // Opened, the assignee is already the named person or, while they are away, who stands in.
  if (toPerson && !opened) handoff = { ...handoff, assignee: toPerson };

  const nextCustomer = arrivingCustomer(
    customer,
    handoff,
    pb.postPurchase,
    input.occurredAt ?? at,
    at,
    customerChanged,
  );
  if (nextCustomer !== customer || customerChanged) {
    change.customers = [{ value: nextCustomer, expectedVersion }];
    if (expectedVersion === null)
      change.audit?.push(customerAudit(ids, at, input.actor, 'customer.created', customer.id));
  }
  if (!propose && pb.postPurchase) {
    // The handoff's own SLAs now keep the customer in contact.
    const cadence = (await store.listFollowUps({ customerId: customer.id })).filter(
      (f) => f.window === 'cadence',
    );
    change.followUps?.push(...cancelAll(cadence, at, 'handoff opened'));
  }
  change.handoffs = [{ value: handoff, expectedVersion: null }];
  change.audit?.push(
    handoffAudit(ids, at, input.actor, propose ? 'handoff.proposed' : 'handoff.opened', handoff, {
      from,
      to: handoff.to,
      playbook: pb.id,
      source: input.source.kind,
      ...(missing.length > 0 ? { missing } : {}),
      ...(opened ? fallbackDetail(opened.language) : {}),
      ...standInDetail(opened),
    }),
  );
  if (opened) {
    const told = languageNotices(deps, dctx, input.actor, handoff, opened.language);
    change.deliveries?.push(...told.deliveries);
    change.audit?.push(...told.audit);
  }
  if (input.settles)
    change.inbound = [{ value: input.settles({ handoff, created: true }), expectExisting: true }];
  const result = await store.commit(change);
  if (!result.ok) {
    if (result.reason === 'conflict') return 'conflict';
    return fail('BUSY');
  }
  return ok({ handoff, customer: nextCustomer, created: true });
}

function mayStart(deps: ServiceDeps, actor: string, customer: Customer, from: string): boolean {
  const { dir } = deps;
  const p = dir.person(actor);
  if (!p) return false;
  return dir.isAdmin(actor) || p.team === from || dir.isLeadOf(actor, from) || customer.owner === actor;
}

/** The customer as the handoff leaves it: post-purchase from a purchase playbook on. */
function arrivingCustomer(
  customer: Customer,
  handoff: Handoff,
  postPurchase: boolean,
  occurredAt: string,
  at: string,
  changed: boolean,
): Customer {
  if (handoff.state === 'proposed') return customer;
  const becomesPostPurchase = postPurchase && !customer.postPurchase;
  const contactDueAt = handoff.contactDueAt ?? customer.contactDueAt;
  if (!becomesPostPurchase && (!postPurchase || contactDueAt === customer.contactDueAt)) return customer;
  return {
    ...customer,
    ...(becomesPostPurchase ? { postPurchase: true, purchasedAt: customer.purchasedAt ?? occurredAt } : {}),
    ...(postPurchase && contactDueAt ? { contactDueAt } : {}),
    updatedAt: at,
    // A record already prepared for writing (matched from outside data) carries its next version.
    version: changed ? customer.version : customer.version + 1,
  };
}

async function addNoteToLive(
  deps: ServiceDeps & { platforms: readonly Platform[] },
  input: StartHandoffInput,
  live: Handoff,
  customer: Customer,
  expectedVersion: number | null,
  customerChanged: boolean,
  context: HandoffContext,
): Promise<Result<StartHandoffOutcome> | 'conflict'> {
  const at = deps.clock.now().toISOString();
  const text =
    input.note ??
    (input.source.kind === 'event' ? `${input.source.system}: ${input.source.eventId}` : 'again');
  const handoff: Handoff = {
    ...live,
    context: mergeContext(live.context, context),
    notes: [...live.notes, { at, by: input.actor, text }],
    updatedAt: at,
    version: live.version + 1,
  };
  const refs = await deps.store.listCardRefs(live.id);
  const dctx: DeliveryContext = { dir: deps.dir, ids: deps.ids, now: at, platforms: deps.platforms };
  const change: ChangeSet = {
    handoffs: [{ value: handoff, expectedVersion: live.version }],
    deliveries: cardUpdates(dctx, handoff, refs, { event: 'noted', actor: input.actor, detail: text }),
    audit: [handoffAudit(deps.ids, at, input.actor, 'handoff.noted', handoff, { source: input.source.kind })],
  };
  if (customerChanged) change.customers = [{ value: customer, expectedVersion }];
  if (input.settles)
    change.inbound = [{ value: input.settles({ handoff, created: false }), expectExisting: true }];
  const result = await deps.store.commit(change);
  if (!result.ok) return result.reason === 'conflict' ? 'conflict' : fail('BUSY');
  return ok({ handoff, customer, created: false });
}
