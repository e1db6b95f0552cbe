import type { Clock, IdGenerator } from '../clock.js';
import type { CardRef, Delivery, Platform } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { ChangeSet, Store } from '../store/store.js';
import { MAX_ATTEMPTS, nextAttemptDelay } from './backoff.js';
import { inDoubt, release, settled, strip } from './claimed.js';
import { conversationKey } from './conversation.js';
import type { DispatchItem, Notifier, Rendered, SendOutcome } from './notifier.js';
import { Pacer } from './pacer.js';
import { sendingMarks } from './sending-marks.js';

export { conversationKey };

export interface DispatchDeps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  notifiers: ReadonlyMap<Platform, Notifier>;
  /** Builds what to show from the current state; `skip` when there is nothing left to say. */
  render: (d: Delivery) => Promise<{ rendered: Rendered; cardRef?: CardRef } | 'skip'>;
  /** This replica's name, kept with its claims. */
  replica: string;
  onSettled?: (d: Delivery, outcome: 'sent' | 'retry' | 'failed' | 'skipped') => void;
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** How one send ended; `lapsed`: nothing recorded, the claim is left to run out. */
export interface SendOne {
  counted: keyof DispatchResult | 'lapsed';
  retryAt?: string;
}

/** A claim's lease unless the caller sets one. */
export const DEFAULT_LEASE_MS = 120_000;

export interface DispatchResult {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/**
 * One pass of the outbox: claim what is due, send it conversation by
 * conversation in the order it was queued, and record every outcome. A
 * delivery that must wait holds back the later ones of its conversation, so
 * nothing arrives out of order.
 */
export function createDispatcher(deps: DispatchDeps) {
  const pacer = new Pacer();
  // Set on shutdown: what is in flight finishes, nothing new starts; the rest stays
  // queued (its claims lapse) and goes out after the restart.
  let stopping = false;
  // Written only where this replica still holds the lease (see `Store.markDeliveriesSending`).
  const mark = sendingMarks(async (marks) => {
    try {
      return new Set(
        await deps.store.markDeliveriesSending(marks, deps.clock.now(), { owner: deps.replica }),
      );
    } catch (err) {
      deps.log.error({ err, deliveries: marks.length }, 'could not record deliveries as being sent');
      return new Set<string>();
    }
  });

  /** Claims what is due, capped per conversation, and groups it by conversation in queue order. */
  async function claim(opts: {
    limit: number;
    leaseMs: number;
    perConversation: number;
  }): Promise<Map<string, Delivery[]>> {
    const groups = new Map<string, Delivery[]>();
    // Only what this process can send: deliveries for a platform it is not configured for wait,
    // untouched, for a start that is (see waiting.ts for how they are reported).
    const claimed = await deps.store.claimDeliveries(deps.clock.now(), {
      limit: opts.limit,
      leaseMs: opts.leaseMs,
      owner: deps.replica,
      platforms: [...deps.notifiers.keys()],
      perConversation: opts.perConversation,
    });
    // In queue order; the store holds back what a delivery waiting for its retry was queued before.
    for (const d of claimed) {
      const key = conversationKey(d);
      const list = groups.get(key) ?? [];
      list.push(d);
      groups.set(key, list);
    }
    return groups;
  }

  /** One claim, sent to completion: the outbox as tests and the lease races drive it. */
  async function dispatchOnce(opts: { limit?: number; leaseMs?: number } = {}): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    const limit = opts.limit ?? 100;
    // Capped like the sender's claims, so a conversation it is sending is left to it.
    const groups = await claim({ limit, leaseMs, perConversation: limit });
    await Promise.all([...groups.values()].map((list) => sendInOrder(list, result, leaseMs)));
    return result;
  }

  async function sendInOrder(list: Delivery[], result: DispatchResult, leaseMs: number): Promise<void> {
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!d || stopping) return;
      const outcome = await sendOne(d, leaseMs);
      // The rest of the conversation stays claimed too: it lapses with it, in order.
      if (outcome.counted === 'lapsed') return;
      result[outcome.counted]++;
      if (outcome.counted === 'retried' && outcome.retryAt) {
        await holdBack(list.slice(i + 1), outcome.retryAt);
        return;
      }
    }
  }

  /** Gives claims back unsent, due as they were: on a stop, for the next start or another replica. */
  async function releaseClaims(list: Delivery[]): Promise<void> {
    await settleHeld(list.map((d) => ({ delivery: strip(d), leaseUntil: d.leaseUntil })));
  }

  /** Hold the rest of a conversation back until the one before them is through. */
  async function holdBack(rest: Delivery[], until: string): Promise<void> {
    await settleHeld(rest.map((r) => ({ delivery: release(r, until), leaseUntil: r.leaseUntil })));
  }

  /**
   * Sends one claimed delivery and records its outcome. `current` gives the
   * delivery with its latest lease (a sender renews the leases of what waits).
   */
  async function sendOne(
    d: Delivery,
    leaseMs: number,
    current: (d: Delivery) => Delivery = (x) => x,
  ): Promise<SendOne> {
    const now = deps.clock.now();
    // The claim as it is held when an outcome is written (a sender renews leases meanwhile).
    const heldUntil = () => current(d).leaseUntil;
    const notifier = deps.notifiers.get(d.platform);
    if (!notifier) {
      // The claim filters these out; a store that did not must not lose them: back to the queue.
      await settleHeld([{ delivery: strip(d), leaseUntil: heldUntil() }]);
      return { counted: 'lapsed' };
    }
    let prepared: Awaited<ReturnType<DispatchDeps['render']>>;
    try {
      prepared = await deps.render(d);
    } catch (err) {
      deps.log.error({ err, delivery: d.id }, 'could not render a delivery');
      return retry(d, { ok: false, error: `render: ${String(err)}` }, now, heldUntil());
    }
    if (prepared === 'skip') {
      const patch = {
        status: 'sent',
        sentAt: now.toISOString(),
        lastError: 'skipped: nothing left to show',
      } as const;
      if (!(await settle(d, patch, heldUntil()))) return { counted: 'lapsed' };
      deps.onSettled?.(d, 'skipped');
      return { counted: 'skipped' };
    }
    const item: DispatchItem = { delivery: d, ...prepared };
    if (inDoubt(d)) {
      if (notifier.reconcile) {
        const found = await notifier.reconcile(item).then(
          (ref) => ({ ref }),
          (err: unknown) => ({ err }),
        );
        // Not knowing whether it was posted is no licence to post it again: ask again later.
        if ('err' in found)
          return retry(
            d,
            { ok: false, error: `reconcile: ${String(found.err)}`, unknownOutcome: true },
            now,
            heldUntil(),
          );
        if (found.ref) {
          deps.log.info(
            { delivery: d.id, key: d.key },
            'found a post in doubt on the platform: not posting it again',
          );
          return sent(d, item, { ok: true, ref: found.ref }, now);
        }
      } else {
        // No way to ask (the platform cannot look a post up): a possible second post
        // is the price of not losing the message.
        deps.log.warn(
          { delivery: d.id, key: d.key, platform: d.platform, since: d.sendingSince },
          'a post in doubt cannot be looked up on this platform: posting it again (it may show twice)',
        );
      }
    }
    let outcome: SendOutcome | 'lapsed';
    // What is settled below: the delivery as marked before its post, so a doubt it leaves is kept.
    let posting = d;
    try {
      outcome = await pacer.run<SendOutcome | 'lapsed'>(notifier.pacing?.(item) ?? [], async () => {
        const now = current(d);
        if (stopping || leaseLapsing(now, leaseMs)) return 'lapsed';
        const marked = await markSending(now);
        if (!marked) return 'lapsed';
        posting = marked;
        // The mark may have waited on a busy database (marks are committed in groups) while the
        // claim ran low: another replica may hold it now and post too. Left to lapse instead; the
        // mark makes whoever sends it next look for a post first.
        if (leaseLapsing(current(d), leaseMs)) return 'lapsed';
        return notifier.send(item);
      });
    } catch (err) {
      outcome = { ok: false, error: String(err), unknownOutcome: true };
    }
    if (outcome === 'lapsed') {
      // Nothing is recorded: writing now could wipe the lease of a replica that took it over.
      deps.log.warn(
        { delivery: d.id, leaseUntil: d.leaseUntil },
        'claim ran low before sending; left to lapse',
      );
      return { counted: 'lapsed' };
    }
    if (outcome.ok) return sent(posting, item, outcome, now);
    if (outcome.permanent || (d.attempts + 1 >= MAX_ATTEMPTS && !outcome.notYet)) {
      deps.log.error({ delivery: d.id, key: d.key, error: outcome.error }, 'delivery failed for good');
      const patch = { status: 'failed', attempts: d.attempts + 1, lastError: outcome.error } as const;
      if (!(await settle(posting, patch, heldUntil()))) return { counted: 'lapsed' };
      deps.onSettled?.(d, 'failed');
      return { counted: 'failed' };
    }
    return retry(posting, outcome, now, heldUntil());
  }

  async function retry(
    d: Delivery,
    outcome: Extract<SendOutcome, { ok: false }>,
    now: Date,
    leaseUntil: string | undefined,
  ): Promise<SendOne> {
    const delay = nextAttemptDelay(d.attempts + 1, outcome.retryAfterMs);
    const retryAt = new Date(now.getTime() + delay).toISOString();
    deps.log.warn(
      { delivery: d.id, attempts: d.attempts + 1, error: outcome.error, retryAt },
      'delivery will be retried',
    );
    const patch: Partial<Delivery> = {
      status: 'pending',
      attempts: d.attempts + 1,
      nextAttemptAt: retryAt,
      lastError: outcome.unknownOutcome ? `unknown outcome: ${outcome.error}` : outcome.error,
    };
    // The platform answered with an error: nothing went out. Otherwise the doubt stays.
    if (outcome.unknownOutcome && d.sendingSince) patch.sendingSince = d.sendingSince;
    // Due again as soon as Baton learns a conversation that may reach it (`Store.deliverNotYetNow`).
    if (outcome.notYet) patch.notYet = true;
    if (!(await settle(d, patch, leaseUntil))) return { counted: 'lapsed' };
    deps.onSettled?.(d, 'retry');
    return { counted: 'retried', retryAt };
  }

  async function sent(
    d: Delivery,
    item: DispatchItem,
    outcome: Extract<SendOutcome, { ok: true }>,
    now: Date,
  ) {
    const at = now.toISOString();
    const change: ChangeSet = {};
    const done: Delivery = {
      ...settled(d),
      status: 'sent',
      attempts: d.attempts + 1,
      sentAt: at,
      ...(outcome.ref ? { result: outcome.ref } : {}),
    };
    change.deliveries = [done];
    if (d.message.type === 'handoff-card' && outcome.ref) {
      const ref: CardRef = {
        id: `${d.message.handoffId}:${d.platform}:${outcome.ref.conversationId}`,
        handoffId: d.message.handoffId,
        platform: d.platform,
        conversationId: outcome.ref.conversationId,
        messageId: outcome.ref.messageId,
        ...(outcome.ref.serviceUrl ? { serviceUrl: outcome.ref.serviceUrl } : {}),
        postedAt: at,
      };
      change.cardRefs = [ref];
    }
    // Recorded before anything else is read: the shorter the time between the platform's answer
    // and this record, the smaller the window in which a crash leaves a post in doubt.
    await commitOrLog(change);
    if (d.message.type === 'handoff-card' && change.cardRefs?.[0]) {
      const ref = change.cardRefs[0];
      // The handoff may have moved on while the card was on its way: bring the new card up to date.
      const current = await deps.store.getHandoff(d.message.handoffId);
      if (current && item.rendered.kind === 'card' && current.version > item.rendered.card.version) {
        await commitOrLog({
          deliveries: [
            {
              id: deps.ids('dlv'),
              key: `${ref.id}:v${current.version}`,
              platform: d.platform,
              target: { kind: 'card', cardRefId: ref.id },
              message: { type: 'card-update', handoffId: current.id },
              status: 'pending',
              attempts: 0,
              nextAttemptAt: at,
              createdAt: at,
            },
          ],
        });
      }
    }
    deps.onSettled?.(d, 'sent');
    return { counted: 'sent' as const };
  }

  /**
   * Makes "this delivery is being posted" durable before the post, so a
   * crash (kill -9, power loss) between the post and the record of its
   * answer leaves the delivery in doubt rather than untouched: the next
   * attempt then asks the platform first. The lease stays: the claim is
   * still this process's. Card updates replace a message in place and may
   * simply be sent again. Undefined when it could not be recorded: nothing
   * is posted then.
   */
  async function markSending(d: Delivery): Promise<Delivery | undefined> {
    if (d.message.type === 'card-update') return d;
    const sendingSince = d.sendingSince ?? deps.clock.now().toISOString();
    if (await mark({ id: d.id, sendingSince })) return { ...d, sendingSince };
    deps.log.warn(
      { delivery: d.id, leaseUntil: d.leaseUntil },
      'could not record that a delivery is being sent (its claim ran out, or the store failed); not sending it now',
    );
    return undefined;
  }

  /** Records an outcome other than a post while the claim is still as held (`leaseUntil`); false when not. */
  async function settle(
    d: Delivery,
    patch: Partial<Delivery>,
    leaseUntil: string | undefined,
  ): Promise<boolean> {
    return (await settleHeld([{ delivery: { ...settled(d), ...patch }, leaseUntil }])) > 0;
  }

  /**
   * Writes claims' outcomes only where the claim is still the one this replica holds (see
   * `Store.settleClaims`); returns how many were written. One not written was claimed again
   * after its lease ran out: whoever holds it now sends it, and its outcome is theirs to record.
   */
  async function settleHeld(
    list: ReadonlyArray<{ delivery: Delivery; leaseUntil: string | undefined }>,
  ): Promise<number> {
    if (list.length === 0) return 0;
    const claims = list.flatMap((c) =>
      c.leaseUntil ? [{ delivery: c.delivery, leaseUntil: c.leaseUntil }] : [],
    );
    const written = new Set(
      claims.length > 0 ? await deps.store.settleClaims(claims, { owner: deps.replica }) : [],
    );
    if (written.size < list.length) {
      deps.log.warn(
        { deliveries: list.filter((c) => !written.has(c.delivery.id)).map((c) => c.delivery.id) },
        'outcome not recorded: the claim ran out and the delivery was claimed again; its new holder sends it',
      );
    }
    return written.size;
  }

  async function commitOrLog(change: ChangeSet): Promise<void> {
    const r = await deps.store.commit(change);
    if (!r.ok) deps.log.error({ result: r }, 'could not record a delivery outcome');
  }

  /**
   * Posting on a lease that has run out, or is about to, could post twice:
   * another replica may have taken the delivery over, and its check with the
   * platform cannot see a post still on its way. Rendering, pacing (a busy
   * channel) and a slow platform all eat into the lease, so a send must start
   * with at least half of it left, time for the slowest answer the client waits.
   */
  function leaseLapsing(d: Delivery, leaseMs: number): boolean {
    if (!d.leaseUntil) return false;
    return deps.clock.now().getTime() > Date.parse(d.leaseUntil) - leaseMs / 2;
  }

  return {
    claim,
    sendOne,
    holdBack,
    release: releaseClaims,
    dispatchOnce,
    stop() {
      stopping = true;
    },
  };
}
