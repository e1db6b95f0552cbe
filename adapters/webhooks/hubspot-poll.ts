import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';
import { parseDuration } from '../../src/time/duration.js';
import { record } from './accept.js';
import { ENGAGEMENT_KINDS, type HubSpotApi, RateLimited } from './hubspot-api.js';
import { engagementEventId } from './hubspot-engagement.js';

/**
 * The poller's share of HubSpot's limit (100 requests per 10 seconds for a
 * private app, more on higher tiers): the rest is left to the webhook
 * processing, which reads deals, companies and engagements with the same token.
 */
export const POLL_BUDGET = { requests: 40, perMs: 10_000 };
const MIN_EVERY_MS = 30_000;
/** Ids per batch read (HubSpot's maximum). */
const BATCH = 100;

/** `5m`, `90s`, `1h` or an ISO 8601 duration of hours, minutes and seconds (the playbooks' parser); at least 30 seconds. */
export function pollEvery(text: string): number | undefined {
  const t = text.trim();
  const short = /^(\d{1,5})\s*(s|m|h)$/i.exec(t);
  let ms: number | undefined;
  if (short) ms = Number(short[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[short[2]?.toLowerCase() as 's'];
  else if (/^PT/i.test(t)) {
    try {
      const d = parseDuration(t.toUpperCase());
      ms = d.days === 0 ? d.ms : undefined;
    } catch {
      ms = undefined;
    }
  }
  return ms !== undefined && ms >= MIN_EVERY_MS ? ms : undefined;
}

/** A token bucket on the injected clock: `take()` says whether one more request fits the budget now. */
export function tokenBucket(clock: Clock, capacity: number, perMs: number) {
  let tokens = capacity;
  let at = clock.now().getTime();
  return {
    take(): boolean {
      const now = clock.now().getTime();
      tokens = Math.min(capacity, tokens + ((now - at) * capacity) / perMs);
      at = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

export interface PollerOptions {
  api: HubSpotApi;
  store: Store;
  clock: Clock;
  log: Logger;
  everyMs: number;
  budget?: { requests: number; perMs: number };
}

class OutOfBudget extends Error {}

/**
 * For portals without HubSpot's generic webhooks: every `everyMs`, the calls,
 * meetings, emails and notes of the companies (or deals) of customers with
 * an open or accepted handoff are read, and those since the handoff opened
 * are recorded as inbound events under the id a webhook would give them, so
 * processing, retries and dedupe are the webhooks'. A round that runs out of
 * budget carries on where it stopped at the next tick; a 429 stops it for
 * the time HubSpot asks.
 */
export function engagementPoller(opts: PollerOptions) {
  const { api, store, clock, log } = opts;
  const budget = opts.budget ?? POLL_BUDGET;
  const bucket = tokenBucket(clock, budget.requests, budget.perMs);
  /**
   * Engagements not to read again while this process runs: older than their
   * customer's handoff, or recorded as inbound events already (seen in the
   * store once, not asked again every round).
   */
  const known = new Set<string>();
  let round: Array<{ customerId: string; since: string }> = [];
  let nextRound = 0;
  let pausedUntil = 0;

  const spend = () => {
    if (!bucket.take()) throw new OutOfBudget();
  };

  async function startRound(now: number) {
    nextRound = now + opts.everyMs;
    const since = new Map<string, string>();
    for (const h of await store.listHandoffs({ states: ['open', 'accepted'] })) {
      const start = h.openedAt ?? h.createdAt;
      const known = since.get(h.customerId);
      if (!known || start < known) since.set(h.customerId, start);
    }
    round = [...since].map(([customerId, s]) => ({ customerId, since: s }));
  }

  async function readCustomer(customerId: string, since: string): Promise<number> {
    const c = await store.getCustomer(customerId);
    const target = c?.externalIds.hubspot
      ? (['companies', c.externalIds.hubspot] as const)
      : c?.externalIds['hubspot-deal']
        ? (['deals', c.externalIds['hubspot-deal']] as const)
        : undefined;
    if (!target) return 0;
    spend();
    const ids = await api.engagementIds(target[0], target[1]);
    if (!ids) return 0;
    let found = 0;
    for (const kind of ENGAGEMENT_KINDS) {
      const fresh: string[] = [];
      for (const id of ids[kind]) {
        const eventId = engagementEventId(kind, id);
        if (known.has(eventId)) continue;
        if (await store.getInbound('hubspot', eventId)) known.add(eventId);
        else fresh.push(id);
      }
      for (let i = 0; i < fresh.length; i += BATCH) {
        spend();
        const times = await api.engagementTimes(kind, fresh.slice(i, i + BATCH));
        const recent = times.filter((t) => !t.at || t.at >= since);
        for (const t of times) if (t.at && t.at < since) known.add(engagementEventId(kind, t.id));
        if (recent.length === 0) continue;
        const r = await record(
          store,
          'hubspot',
          recent.map((t) => ({
            id: engagementEventId(kind, t.id),
            type: `engagement.${kind}`,
            payload: { engagement: kind, objectId: t.id },
          })),
          clock.now(),
        );
        found += r.accepted.length;
        for (const t of recent) known.add(engagementEventId(kind, t.id));
      }
    }
    return found;
  }

  async function poll(): Promise<void> {
    const now = clock.now().getTime();
    if (now < pausedUntil) return;
    try {
      if (round.length === 0) {
        if (now < nextRound) return;
        await startRound(now);
      }
      while (round.length > 0) {
        const next = round[0];
        if (!next) break;
        const found = await readCustomer(next.customerId, next.since);
        round.shift();
        if (found > 0) log.info({ customer: next.customerId, found }, 'HubSpot engagements recorded');
      }
    } catch (err) {
      if (err instanceof OutOfBudget) return;
      if (err instanceof RateLimited) {
        pausedUntil = clock.now().getTime() + err.retryAfterMs;
        log.warn(
          { retryAfterMs: err.retryAfterMs },
          'HubSpot rate limit reached; engagements are read again after it',
        );
        return;
      }
      // This customer is skipped for the round; the next round tries again.
      round.shift();
      log.warn({ err }, 'HubSpot engagements could not be read; tried again next round');
    }
  }

  return { poll };
}
