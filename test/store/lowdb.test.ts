import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { storeContract } from './contract.js';

storeContract('lowdb', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-lowdb-'));
  // Small enough that snapshots happen while the contract runs.
  const store = await openLowdbStore({ file: path.join(dir, 'baton.json'), compactEvery: 3 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
