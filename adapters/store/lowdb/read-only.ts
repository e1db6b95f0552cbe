import { BatonError } from '../../../src/errors.js';
import type { Store } from '../../../src/store/store.js';
import { dataPaths } from './files.js';
import { HistoryFiles } from './history-files.js';
import type { StoreLogger } from './logger.js';
import { recover } from './recover.js';

/**
 * The data file as it is now, without its lock and without writing a byte:
 * for `baton report gaps` and `baton check` while a Baton runs on the file.
 * What the running process commits after this moment is not seen.
 */
export async function openReadOnlyLowdbStore(file: string, logger: StoreLogger): Promise<Store> {
  const paths = dataPaths(file);
  const files = new HistoryFiles(paths.historyDir, logger);
  const { state } = await recover(paths, files, logger, { readOnly: true });
  const refuse = async (): Promise<never> => {
    throw new BatonError(
      'STORE_READ_ONLY',
      `${paths.file} is open read-only here; changes go through the running Baton.`,
    );
  };
  return {
    kind: 'lowdb',
    getCustomer: async (id) => state.getCustomer(id),
    findCustomerByExternalId: async (system, id) => state.findCustomerByExternalId(system, id),
    findCustomerByEmailOrDomain: async (v) => state.findCustomerByEmailOrDomain(v),
    listCustomers: async (filter) => state.listCustomers(filter),
    customerNames: async () => state.customerNames(),
    getHandoff: async (id) => state.getHandoff(id),
    listHandoffs: async (filter) => state.listHandoffs(filter),
    listFollowUps: async (filter) => state.listFollowUps(filter),
    listCardRefs: async (handoffId) => state.listCardRefs(handoffId),
    getCardRef: async (id) => state.getCardRef(id),
    getDelivery: async (id) => state.getDelivery(id),
    listDeliveries: async (filter) => state.listDeliveries(filter),
    getInbound: async (source, id) => state.getInbound(source, id),
    getKv: async (ns, key) => state.getKv(ns, key),
    listKv: async (ns) => state.listKv(ns),
    history: async (customerId, opts) => {
      const list = await files.read(customerId);
      return opts?.limit === undefined ? list : list.slice(-opts.limit);
    },
    stats: async () => state.stats(),
    commit: refuse,
    claimDueFollowUps: async () => [],
    claimDeliveries: async () => [],
    claimInbound: async () => [],
    ready: async () => false,
    close: async () => {},
  };
}
