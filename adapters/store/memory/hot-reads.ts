import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Customer, Handoff } from '../../../src/domain/types.js';
import type { Store } from '../../../src/store/store.js';
import type { HotState } from './state.js';

type HotReads = Pick<
  Store,
  | 'getCustomer'
  | 'getCustomers'
  | 'findCustomerByExternalId'
  | 'findCustomerByEmailOrDomain'
  | 'listCustomers'
  | 'countCustomers'
  | 'customerLanguages'
  | 'customerNames'
  | 'customerNamesSince'
  | 'listHandoffs'
  | 'liveLoad'
  | 'queuePage'
  | 'warmQueues'
  | 'listFollowUps'
  | 'listCardRefs'
  | 'getCardRef'
  | 'getDelivery'
  | 'listDeliveries'
  | 'getInbound'
  | 'getKv'
  | 'listKv'
  | 'stats'
  | 'journeyFacts'
>;

/** Facts parsed per turn of the event loop: about 10 ms of parsing at 10 µs each. */
const FACT_SLICE = 1_000;

/** The reads every store built on the hot-state engine answers from memory alone. */
export function hotReads(state: HotState): HotReads {
  return {
    getCustomer: async (id) => state.getCustomer(id),
    getCustomers: async (ids) => {
      const out: Customer[] = [];
      for (const id of new Set(ids)) {
        const c = state.getCustomer(id);
        if (c) out.push(c);
      }
      return out;
    },
    findCustomerByExternalId: async (system, id) => state.findCustomerByExternalId(system, id),
    findCustomerByEmailOrDomain: async (v) => state.findCustomerByEmailOrDomain(v),
    listCustomers: async (filter) => state.listCustomers(filter),
    countCustomers: async (filter) => state.countCustomers(filter),
    customerLanguages: async (teams) => state.customerLanguages(teams),
    customerNames: async () => state.names.all(),
    customerNamesSince: async (version) => state.names.since(version),
    listHandoffs: async (filter) => state.listHandoffs(filter),
    liveLoad: async (team, people) => state.liveLoad(team, people),
    queuePage: async (query) => state.queues.page(query),
    warmQueues: async (people) => {
      for (const q of people) {
        state.queues.page({ ...q, limit: 0 });
        await yieldToLoop();
      }
    },
    listFollowUps: async (filter) => state.listFollowUps(filter),
    listCardRefs: async (handoffId) => state.listCardRefs(handoffId),
    getCardRef: async (id) => state.getCardRef(id),
    getDelivery: async (id) => state.getDelivery(id),
    listDeliveries: async (filter) => state.listDeliveries(filter),
    getInbound: async (source, id) => state.getInbound(source, id),
    getKv: async (ns, key) => state.getKv(ns, key),
    journeyFacts: async (q) => {
      // Facts still as the data file's text are parsed a slice a turn, so requests go on meanwhile.
      while (!state.journey.parseSome(q, FACT_SLICE)) await yieldToLoop();
      return state.journey.query(q);
    },
    listKv: async (ns) => state.listKv(ns),
    stats: async () => state.stats(),
  };
}

/**
 * Handoffs by id from memory, asking `closed` (the history) only for those
 * memory no longer holds: open ones are answered without a single await each.
 */
export async function hotHandoffs(
  state: HotState,
  ids: readonly string[],
  closed: (id: string) => Promise<Handoff | undefined>,
): Promise<Handoff[]> {
  const out: Handoff[] = [];
  for (const id of new Set(ids)) {
    const h = state.getHandoff(id) ?? (await closed(id));
    if (h) out.push(h);
  }
  return out;
}
