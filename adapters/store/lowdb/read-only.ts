import { BatonError } from '../../../src/errors.js';
import type { Store } from '../../../src/store/store.js';
import { hotHandoffs, hotReads } from '../memory/hot-reads.js';
import { AuditIndex } from './audit-index.js';
import { scanFileAudit } from './audit-page.js';
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
  // A rewrite by the running Baton gives a bucket file a new identity, which the index notices.
  const auditIndex = new AuditIndex((b) => files.fileOf(b));
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
    scanAudit: (q) => scanFileAudit(files, auditIndex, q),
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
    markDeliveriesSending: async () => [],
    settleClaims: async () => [],
    deliverNotYetNow: async () => 0,
    ready: async () => false,
    close: async () => {},
  };
}
