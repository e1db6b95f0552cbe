import type { Store } from '../../../src/store/store.js';
import type { HotState } from './state.js';

type HotReads = Pick<
  Store,
  | 'getCustomer'
  | 'findCustomerByExternalId'
  | 'findCustomerByEmailOrDomain'
  | 'listCustomers'
  | 'customerNames'
  | 'listHandoffs'
  | 'listFollowUps'
  | 'listCardRefs'
  | 'getCardRef'
  | 'getDelivery'
  | 'listDeliveries'
  | 'getInbound'
  | 'getKv'
  | 'listKv'
  | 'stats'
>;

/** The reads every store built on the hot-state engine answers from memory alone. */
export function hotReads(state: HotState): HotReads {
  return {
    getCustomer: async (id) => state.getCustomer(id),
    findCustomerByExternalId: async (system, id) => state.findCustomerByExternalId(system, id),
    findCustomerByEmailOrDomain: async (v) => state.findCustomerByEmailOrDomain(v),
    listCustomers: async (filter) => state.listCustomers(filter),
    customerNames: async () => state.customerNames(),
    listHandoffs: async (filter) => state.listHandoffs(filter),
    listFollowUps: async (filter) => state.listFollowUps(filter),
    listCardRefs: async (handoffId) => state.listCardRefs(handoffId),
    getCardRef: async (id) => state.getCardRef(id),
    getDelivery: async (id) => state.getDelivery(id),
    listDeliveries: async (filter) => state.listDeliveries(filter),
    getInbound: async (source, id) => state.getInbound(source, id),
    getKv: async (ns, key) => state.getKv(ns, key),
    listKv: async (ns) => state.listKv(ns),
    stats: async () => state.stats(),
  };
}
