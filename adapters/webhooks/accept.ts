import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboundEvent } from '../../src/domain/types.js';
import type { Route } from '../../src/server/adapter.js';
import { sendJson } from '../../src/server/http.js';
import { takeTurn } from '../../src/server/turns.js';
import type { Store } from '../../src/store/store.js';
import { readLimited } from './read-body.js';
import { type Accepted, type SourceContext, secretOf, type WebhookSource } from './source.js';

export interface AcceptOptions extends SourceContext {
  onAnswer?(source: string, status: number): void;
  /** Events were recorded as pending: processing may start. */
  onAccepted?(): void;
}

/**
 * The route of one source: verify, validate, then record each event as
 * pending in one store commit, and only then answer 202. Processing happens
 * later, in the adapter's tick, so a sender never waits on Baton's work and a
 * crash after the answer loses nothing.
 */
export function acceptRoute(source: WebhookSource, opts: AcceptOptions): Route {
  const log = opts.log.child({ module: 'webhooks', source: source.name });
  return {
    method: 'POST',
    path: source.path,
    handle: async (req: IncomingMessage, res: ServerResponse) => {
      const answer = (status: number, body: Record<string, unknown>) => {
        opts.onAnswer?.(source.name, status);
        sendJson(res, status, body);
      };
      const secret = secretOf(opts.env, source.secretEnv);
      if (!secret) {
        // 503, not 404: senders keep retrying, so what arrived before the secret was set still lands.
        answer(503, { error: `${source.name} webhooks are off: set ${source.secretEnv}` });
        req.resume();
        return;
      }
      const read = await readLimited(req, source.limit);
      if (read.tooLarge) {
        log.warn({ limit: source.limit }, 'webhook body over the size limit refused');
        res.setHeader('connection', 'close');
        answer(413, { error: `body over ${source.limit} bytes` });
        return;
      }
      // Verifying, validating and recording take a turn of the event loop of their own, after any
      // person's command waiting: fifty senders' bodies read in one pass of the loop were
      // otherwise checked and committed back to back (60-80 ms at a burst's start) while
      // commands waited for their ack.
      await takeTurn('background');
      const now = opts.services.deps.clock.now();
      const received = source.receive(
        {
          method: req.method ?? 'POST',
          url: req.url ?? source.path,
          headers: req.headers,
          body: read.body,
          now,
        },
        secret,
      );
      if (!received.ok) {
        log.warn(
          { status: received.status, error: received.error, field: received.field },
          'webhook refused',
        );
        answer(received.status, {
          error: received.error,
          ...(received.field ? { field: received.field } : {}),
        });
        return;
      }
      const ignored = received.ignored ? { ignored: received.ignored } : {};
      if (received.events.length === 0) {
        answer(200, { accepted: [], duplicates: [], ...ignored });
        return;
      }
      let outcome: { accepted: string[]; duplicates: string[] };
      try {
        outcome = await record(opts.services.deps.store, source.name, received.events, now);
      } catch (err) {
        log.error({ err }, 'webhook could not be recorded');
        answer(503, { error: 'the event could not be recorded; send it again' });
        return;
      }
      if (outcome.duplicates.length > 0) log.info({ ids: outcome.duplicates }, 'duplicate webhook delivery');
      if (outcome.accepted.length > 0) opts.onAccepted?.();
      answer(outcome.accepted.length > 0 ? 202 : 200, { ...outcome, ...ignored });
    },
  };
}

/**
 * One commit for the whole batch; when the store reports a duplicate, each
 * event is committed on its own, so a redelivered batch (HubSpot retries the
 * whole array) records what is new in it and nothing twice.
 */
export async function record(
  store: Store,
  source: string,
  events: Accepted[],
  now: Date,
): Promise<{ accepted: string[]; duplicates: string[] }> {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const pending = (e: Accepted): InboundEvent => ({
    source,
    id: e.id,
    type: e.type,
    receivedAt: now.toISOString(),
    status: 'pending',
    payload: e.payload,
    attempts: 0,
  });
  const all = await store.commit({ inbound: unique.map((e) => ({ value: pending(e) })) });
  if (all.ok) return { accepted: unique.map((e) => e.id), duplicates: [] };
  if (all.reason !== 'duplicate') throw new Error(`inbound commit refused: ${all.reason}`);
  if (unique.length === 1) return { accepted: [], duplicates: [unique[0]?.id ?? ''] };
  const accepted: string[] = [];
  const duplicates: string[] = [];
  for (const e of unique) {
    const r = await store.commit({ inbound: [{ value: pending(e) }] });
    if (r.ok) accepted.push(e.id);
    else if (r.reason === 'duplicate') duplicates.push(e.id);
    else throw new Error(`inbound commit refused: ${r.reason}`);
  }
  return { accepted, duplicates };
}
