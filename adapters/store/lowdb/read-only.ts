import { BatonError } from '../../../src/errors.js';
import type { Store } from '../../../src/store/store.js';
import { hotHandoffs, hotReads } from '../memory/hot-reads.js';
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
    ...hotReads(state),
    getHandoff: async (id) => state.getHandoff(id),
    getHandoffs: (ids) => hotHandoffs(state, ids, async () => undefined),
    // Filled in by the store work of issue 13; until then the dashboard's audit list cannot be read here.
    scanAudit: async () => {
      throw new BatonError('NOT_IMPLEMENTED', 'scanAudit is not implemented on this store yet.');
    },
    history: async (customerId, opts) => {
      const list = await files.read(customerId);
      return opts?.limit === undefined ? list : list.slice(-opts.limit);
    },
    commit: refuse,
    prune: refuse,
    claimDueFollowUps: async () => [],
    claimDeliveries: async () => [],
    claimInbound: async () => [],
    renewDeliveryLeases: async () => [],
    ready: async () => false,
    close: async () => {},
  };
}
