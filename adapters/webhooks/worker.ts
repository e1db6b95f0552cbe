import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { InboundEvent } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import { RETENTION_EVERY_MS, RETENTION_MS } from '../../src/scheduler/retention.js';
import { takeTurn } from '../../src/server/turns.js';
import type { Services } from '../../src/services/index.js';
import { customerKeys, Lanes } from './lanes.js';
import { finished, processSignal } from './process.js';
import { failureCode, type Signal, SignalError, type WebhookSource } from './source.js';

export const FAILURES_NS = 'webhook-failures';

export interface WorkerOptions {
  services: Services;
  sources: WebhookSource[];
  log: Logger;
  /** Attempts before an event is given up as failed. */
  maxAttempts?: number;
  /** Backoff of the first retry; it doubles each time, up to an hour. */
  firstRetryMs?: number;
  onSettled?(source: string, outcome: 'processed' | 'retry' | 'failed'): void;
}

export interface FailureRecord {
  source: string;
  id: string;
  type: string;
  /** A code (`failureCode`), never the error's own words: those may quote the payload. */
  reason: string;
  attempts: number;
  at: string;
}

/** Claimed at once: a claim is settled whole before the next, so a bigger one keeps the lanes busy. */
const BATCH = 200;
/** Events settling at a time: their commits share the journal's writes (group commit). */
const IN_FLIGHT = 100;
const LEASE_MS = 60_000;
/** A tick's share of real time; the rest of the backlog waits for the next tick. */
const BUDGET_MS = 2_000;

/**
 * The second half of durable acceptance: pending events are claimed with a
 * lease (a crash mid-way lets the lease run out and the event is claimed
 * again), processed, and marked processed, retried later or failed.
 */
export function createWorker(opts: WorkerOptions) {
  const { services, log } = opts;
  const { store, clock } = services.deps;
  const bySource = new Map(opts.sources.map((s) => [s.name, s]));
  const maxAttempts = opts.maxAttempts ?? 8;
  const firstRetryMs = opts.firstRetryMs ?? 60_000;
  const owner = `webhooks:${hostname()}:${process.pid}`;

  let lastSweep: number | undefined;
  /** Failure records go with their events, after the retention period (deletes are idempotent across replicas). */
  async function sweepFailures(): Promise<void> {
    const now = clock.now().getTime();
    if (lastSweep !== undefined && now - lastSweep < RETENTION_EVERY_MS) return;
    lastSweep = now;
    const cutoff = new Date(now - RETENTION_MS).toISOString();
    const old = (await store.listKv(FAILURES_NS)).filter((r) => (r.value as FailureRecord).at < cutoff);
    if (old.length > 0)
      await store.commit({ kv: old.map((r) => ({ ns: FAILURES_NS, key: r.key, value: null })) });
  }

  /** Claims and settles while claims come back full, within the budget. */
  async function drainOnce(): Promise<number> {
    await sweepFailures().catch((err: unknown) =>
      log.warn({ err }, 'old webhook failure records could not be pruned; tried again next hour'),
    );
    const started = performance.now();
    let done = 0;
    while (performance.now() - started < BUDGET_MS) {
      const claimed = await store.claimInbound(clock.now(), { limit: BATCH, leaseMs: LEASE_MS, owner });
      await settleAll(claimed);
      done += claimed.length;
      if (claimed.length < BATCH) break;
    }
    return done;
  }

  let draining: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  /**
   * One drain at a time, from the scheduler's tick or from `kick`; a kick during a drain runs
   * it once more when it ends, so an event accepted meanwhile waits for no timer.
   */
  function tick(): Promise<number> {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      let done = 0;
      do {
        again = false;
        done += await drainOnce();
      } while (again && !stopped);
      return done;
    })().finally(() => {
      draining = undefined;
    });
    return draining;
  }

  /**
   * Called when an event was accepted: processing starts now rather than at the next tick
   * (at a burst's rates, a second of waiting per claim was most of the processing time).
   */
  function kick(): void {
    if (stopped) return;
    tick().catch((err: unknown) => log.error({ err }, 'webhook processing failed; tried again next tick'));
  }

  /** No more kicks; waits for the drain in flight (its claims would otherwise wait out their lease). */
  async function stop(): Promise<void> {
    stopped = true;
    await draining?.catch(() => undefined);
  }

  /**
   * Reading events (a source may ask its system's API) runs side by side; so
   * does settling them, but an event waits for the earlier events of the
   * claim that may be about the same customer.
   */
  async function settleAll(claimed: InboundEvent[]): Promise<void> {
    const lanes = new Lanes(IN_FLIGHT);
    const reads = claimed.map((e) => ({ e, reading: lanes.slot(() => readSignal(e)) }));
    const settled: Promise<void>[] = [];
    for (const { e, reading } of reads) {
      const signal = await reading;
      const keys = 'customer' in signal ? customerKeys(signal.customer) : [];
      settled.push(
        lanes.run(keys, async () => {
          // A turn of the event loop of its own, after any person's command waiting: the store
          // answers from memory, so without it a claim's events settle in one run of promise
          // callbacks while commands wait for their ack (the burst measured ack p99 of 386 ms).
          await takeTurn('background');
          await processOne(e, signal);
        }),
      );
    }
    await Promise.all(settled);
  }

  /** The event's signal, or the error that keeps it from having one (settled as a failure). */
  async function readSignal(e: InboundEvent): Promise<Signal | { skip: string } | { error: unknown }> {
    try {
      const source = bySource.get(e.source as WebhookSource['name']);
      if (!source) throw new SignalError(`no webhook source "${e.source}"`, false);
      return await source.toSignal(e);
    } catch (error) {
      return { error };
    }
  }

  async function processOne(
    e: InboundEvent,
    read: Signal | { skip: string } | { error: unknown },
  ): Promise<void> {
    try {
      if ('error' in read) throw read.error;
      const signal = read;
      const p =
        'skip' in signal
          ? await commitProcessed(e, `ignored: ${signal.skip}`)
          : await processSignal(services, e, signal);
      log.info({ source: e.source, id: e.id, type: e.type, outcome: p.outcome }, 'webhook event processed');
      opts.onSettled?.(e.source, 'processed');
    } catch (err) {
      // If even this commit fails (the store is down) the lease runs out and the event is claimed again.
      await settleFailure(e, err).catch((commitErr: unknown) =>
        log.error(
          { source: e.source, id: e.id, err: commitErr },
          'webhook event outcome could not be recorded',
        ),
      );
    }
  }

  async function commitProcessed(e: InboundEvent, outcome: string) {
    const r = await store.commit({ inbound: [{ value: finished(e, { outcome }), expectExisting: true }] });
    if (!r.ok) throw new Error(`the event could not be marked processed: ${r.reason}`);
    return { outcome };
  }

  async function settleFailure(e: InboundEvent, err: unknown): Promise<void> {
    const reason = err instanceof Error ? err.message : String(err);
    const code = failureCode(err);
    // Anything unexpected (a bug, the store) is worth another try; a known dead end is not.
    const retry = !(err instanceof SignalError) || err.retry;
    const attempts = e.attempts + 1;
    const now = clock.now();
    const { leaseUntil: _l, leaseOwner: _o, payload, ...rest } = e;
    if (retry && attempts < maxAttempts) {
      const wait = Math.min(firstRetryMs * 2 ** (attempts - 1), 3_600_000);
      const next = new Date(now.getTime() + wait).toISOString();
      await store.commit({
        inbound: [
          {
            value: {
              ...rest,
              payload,
              attempts,
              outcome: `retrying: ${code}`,
              leaseUntil: next,
              leaseOwner: owner,
            },
            expectExisting: true,
          },
        ],
      });
      log.warn(
        { source: e.source, id: e.id, attempts, retryAt: next, code, reason },
        'webhook event will be retried',
      );
      opts.onSettled?.(e.source, 'retry');
      return;
    }
    const failure: FailureRecord = {
      source: e.source,
      id: e.id,
      type: e.type,
      reason: code,
      attempts,
      at: now.toISOString(),
    };
    // A given-up event keeps what an operator needs to find it at its sender
    // (source, id, type, the code, when) and nothing personal: the payload
    // and the error's words (which may quote it) go to the log only, and the
    // sender still has the event to send again. The record is pruned with
    // processed events after the retention period.
    await store.commit({
      inbound: [
        {
          value: { ...rest, status: 'failed', attempts, outcome: `failed: ${code}` },
          expectExisting: true,
        },
      ],
      kv: [{ ns: FAILURES_NS, key: `${e.source}:${e.id}`, value: failure }],
    });
    log.error(
      { source: e.source, id: e.id, type: e.type, attempts, code, reason },
      'webhook event failed; given up',
    );
    opts.onSettled?.(e.source, 'failed');
  }

  async function failures(): Promise<FailureRecord[]> {
    const rows = await store.listKv(FAILURES_NS);
    return rows.map((r) => r.value as FailureRecord).sort((a, b) => b.at.localeCompare(a.at));
  }

  return { tick, kick, stop, failures };
}
