import PQueue from 'p-queue';
import type { Clock } from '../clock.js';
import type { Delivery } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { byQueueOrder } from './claimed.js';
import type { Dispatcher, DispatchResult } from './dispatcher.js';

export interface SenderOptions {
  dispatcher: Dispatcher;
  store: Store;
  clock: Clock;
  log: Logger;
  /** This replica's name: the owner of its claims. */
  replica: string;
  leaseMs: number;
  /** Most deliveries claimed and not yet sent at once, all conversations together. */
  maxHeld?: number;
  /** Most sends under way at once (rendering, waiting for their pace, posting), all conversations together. */
  maxSending?: number;
  /** Most deliveries of one conversation per claim; unset: a quarter of the lease at one a second. */
  perConversation?: number;
}

/**
 * The outbox as a long-running sender: one worker per conversation, each
 * sending its own queue in order at its platform's pace, so a busy channel
 * delays only its own cards. Claims are capped per conversation and a
 * conversation is claimed again only once its last claim is through; what
 * waits in a queue has its lease renewed, so a paced card is not left to
 * lapse (and be taken by another replica) while it waits its turn.
 */
export function createSender(o: SenderOptions) {
  const maxHeld = o.maxHeld ?? 1_000;
  const perConversation = o.perConversation ?? Math.min(50, Math.max(1, Math.floor(o.leaseMs / 4_000)));
  /** Claimed, unsent deliveries by conversation, in queue order. */
  const queues = new Map<string, Delivery[]>();
  /** Every claimed, unsettled delivery with its latest lease, by id. */
  const held = new Map<string, Delivery>();
  const workers = new Map<string, Promise<void>>();
  const sending = new PQueue({ concurrency: Math.max(1, o.maxSending ?? 100) });
  const totals: DispatchResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  let stopping = false;
  let filling: Promise<number> | undefined;
  let renewing: Promise<void> | undefined;

  /** One claim for every conversation with room; returns how many deliveries it took. */
  function fill(): Promise<number> {
    if (filling) return filling;
    filling = claimInto()
      .catch((err: unknown) => {
        o.log.error({ err }, 'outbox claim failed; tried again next interval');
        return 0;
      })
      .finally(() => {
        filling = undefined;
      });
    return filling;
  }

  async function claimInto(): Promise<number> {
    const room = maxHeld - held.size;
    if (room <= 0 || stopping) return 0;
    const groups = await o.dispatcher.claim({ limit: room, leaseMs: o.leaseMs, perConversation });
    let taken = 0;
    for (const [key, list] of groups) {
      const queue = queues.get(key) ?? [];
      for (const d of list) {
        held.set(d.id, d);
        queue.push(d);
        taken++;
      }
      queue.sort(byQueueOrder);
      queues.set(key, queue);
      // On a stop the claim is kept queued, to be released with the rest.
      if (!workers.has(key) && !stopping) start(key);
    }
    return taken;
  }

  function start(key: string): void {
    const worker: Promise<void> = (async () => {
      // Registered below before the first send starts.
      await Promise.resolve();
      await work(key);
    })()
      .catch((err: unknown) => {
        o.log.error({ err, conversation: key }, 'outbox worker failed; its claims lapse and are taken again');
        take(key);
      })
      .finally(() => {
        // Its conversation's next batch is claimed on the next interval, not at once: a claim per
        // finished conversation kept three replicas' database busy with claims (measured).
        if (workers.get(key) === worker) workers.delete(key);
        // A claim that landed between the worker's last look at its queue and now found it still
        // registered and started none: without this its cards sat held, renewed, never sent.
        if (!stopping && !workers.has(key) && (queues.get(key)?.length ?? 0) > 0) start(key);
      });
    workers.set(key, worker);
  }

  async function work(key: string): Promise<void> {
    for (;;) {
      if (stopping) break;
      const d = queues.get(key)?.shift();
      if (!d) break;
      // Out of `held` however it ends: a failed send must not keep its lease renewed forever.
      const outcome = await sending
        .add(() => o.dispatcher.sendOne(d, o.leaseMs, (x) => held.get(x.id) ?? x), { throwOnTimeout: true })
        .finally(() => held.delete(d.id));
      // The rest of the conversation lapses with it, in order (on a stop it is released instead).
      if (outcome.counted === 'lapsed') {
        if (!stopping) take(key);
        break;
      }
      totals[outcome.counted]++;
      if (outcome.counted === 'retried' && outcome.retryAt) {
        await o.dispatcher.holdBack(take(key), outcome.retryAt);
        break;
      }
    }
    if (queues.get(key)?.length === 0) queues.delete(key);
  }

  /** The queued rest of a conversation, out of this sender (with their latest leases). */
  function take(key: string): Delivery[] {
    const rest = (queues.get(key) ?? []).map((d) => held.get(d.id) ?? d);
    queues.delete(key);
    for (const d of rest) held.delete(d.id);
    return rest;
  }

  /**
   * Renews the leases that are running low (under 60 % left) of what is
   * claimed here; a send needs half of its lease left to start. One that
   * cannot be renewed is no longer this replica's: it is dropped unsent.
   */
  function renew(): Promise<void> {
    renewing ??= renewLow()
      .catch((err: unknown) => {
        o.log.warn({ err }, 'could not renew outbox leases; tried again next interval');
      })
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  }

  async function renewLow(): Promise<void> {
    const now = o.clock.now();
    const low: string[] = [];
    for (const d of held.values()) {
      if (d.leaseUntil && Date.parse(d.leaseUntil) - now.getTime() < o.leaseMs * 0.6) low.push(d.id);
    }
    if (low.length === 0) return;
    const renewed = await o.store.renewDeliveryLeases(low, now, { leaseMs: o.leaseMs, owner: o.replica });
    const kept = new Set<string>();
    for (const r of renewed) {
      kept.add(r.id);
      const d = held.get(r.id);
      if (d && r.leaseUntil) held.set(r.id, { ...d, leaseUntil: r.leaseUntil });
    }
    let lost = 0;
    for (const id of low) {
      if (kept.has(id) || !held.has(id)) continue;
      held.delete(id);
      lost++;
    }
    if (lost === 0) return;
    for (const [key, queue] of queues)
      queues.set(
        key,
        queue.filter((d) => held.has(d.id)),
      );
    o.log.warn({ deliveries: lost }, 'outbox claims lost before sending (settled elsewhere or taken over)');
  }

  /** What the outbox loop runs each interval: keep the leases of what waits, claim what is due. */
  async function pump(): Promise<void> {
    await renew();
    await fill();
  }

  return {
    pump,
    /**
     * Sends everything due now and returns once it is through (tests, the
     * simulation, `runOnce`): claims again as conversations finish, until a
     * claim finds nothing and no worker runs.
     */
    async drain(): Promise<DispatchResult> {
      const before = { ...totals };
      for (let round = 0; round < 10_000 && !stopping; round++) {
        await renew();
        const taken = await fill();
        if (taken === 0 && workers.size === 0) break;
        await Promise.all(workers.values());
      }
      return {
        sent: totals.sent - before.sent,
        retried: totals.retried - before.retried,
        failed: totals.failed - before.failed,
        skipped: totals.skipped - before.skipped,
      };
    },
    /** In-flight sends finish; what is still queued is released for the next start or another replica. */
    async stop(): Promise<void> {
      stopping = true;
      o.dispatcher.stop();
      await Promise.all([filling, renewing]);
      await Promise.all(workers.values());
      // Only claims surely still this replica's: a release writes the delivery as this replica has it.
      const now = o.clock.now().getTime();
      const rest = [...queues.keys()]
        .flatMap(take)
        .filter((d) => d.leaseUntil !== undefined && Date.parse(d.leaseUntil) - now > o.leaseMs / 2);
      await o.dispatcher.release(rest).catch((err: unknown) => {
        o.log.warn({ err }, 'could not release queued outbox claims; they lapse instead');
      });
    },
    /** Claimed and not yet sent, for tests and metrics. */
    get held(): number {
      return held.size;
    },
  };
}
