import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { attributesContract } from './contract/attributes.js';
import { auditScanContract } from './contract/audit-scan.js';
import { claimsContract } from './contract/claims.js';
import { commitsContract } from './contract/commits.js';
import { conversationClaimsContract } from './contract/conversation-claims.js';
import { customerLanguagesContract } from './contract/customer-languages.js';
import { customerNamesContract } from './contract/customer-names.js';
import { customerPagesContract } from './contract/customer-pages.js';
import { erasureContract } from './contract/erasure.js';
import { escalationsContract } from './contract/escalations.js';
import { historyContract } from './contract/history.js';
import { journeyKvContract } from './contract/journey-kv.js';
import { liveLoadContract } from './contract/live-load.js';
import { queriesContract } from './contract/queries.js';
import { queuePageContract } from './contract/queue-page.js';
import { recordsContract } from './contract/records.js';
import { retentionContract } from './contract/retention.js';
import { timeOffContract } from './contract/time-off.js';

export type OpenStore = () => Promise<{ store: Store; cleanup(): Promise<void> }>;

/**
 * The behaviour every store must have, whatever keeps the data. Each test
 * opens its own store and uses fresh ids, times far apart and filters on its
 * own records, so a store whose tests share one database passes too.
 */
export function storeContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    let opened: Awaited<ReturnType<OpenStore>> | undefined;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });
    const store = (): Store => {
      if (!opened) throw new Error('store not open');
      return opened.store;
    };
    recordsContract(store);
    commitsContract(store);
    queriesContract(store);
    customerPagesContract(store);
    liveLoadContract(store);
    queuePageContract(store);
    customerLanguagesContract(store);
    customerNamesContract(store);
    historyContract(store);
    erasureContract(store);
    retentionContract(store);
    claimsContract(store);
    conversationClaimsContract(store);
    journeyKvContract(store);
    auditScanContract(store);
    escalationsContract(store);
    attributesContract(store);
    timeOffContract(store);
  });
}
