import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { replicaRecord } from '../../src/services/config-events.js';
import { configReadiness } from '../../src/services/config-replicas.js';
import type { LiveConfigStatus } from '../../src/services/live-config.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const status = (fingerprint: string): LiveConfigStatus => ({
  configFile: '/etc/baton/baton.config.yaml',
  playbookDir: '/etc/baton/handoffs',
  watched: true,
  fingerprint,
  appliedAt: NOW.toISOString(),
});
const row = (fingerprint: string) => ({
  fingerprint,
  appliedAt: NOW.toISOString(),
  seenAt: NOW.toISOString(),
});

/** What /readyz on replica B says of the configs the replicas run. */
async function warningsOnB(stored: { a: string; b: string }, bRuns: string) {
  const store = createMemoryStore();
  await store.commit({
    kv: [...(replicaRecord('a', row(stored.a)).kv ?? []), ...(replicaRecord('b', row(stored.b)).kv ?? [])],
  });
  return (await configReadiness(status(bRuns), store, NOW, 'b')).warnings;
}

describe('/readyz on configs across replicas', () => {
  it('says nothing differs while this replica is still recording the change both run', async () => {
    // A recorded the new files; B applied them too, its own row not written yet.
    expect(await warningsOnB({ a: 'new', b: 'old' }, 'new')).toEqual([]);
  });

  it('control: names the replicas when another one runs other files', async () => {
    const [w] = await warningsOnB({ a: 'old', b: 'new' }, 'new');
    expect(w).toContain('replicas run different configs (a on old; b on new)');
  });
});
