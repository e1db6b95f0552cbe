import { defineConfig } from 'vitest/config';

// Tests that measure the heap need a process of their own: in a shared worker
// the heap holds every earlier file's leftovers, and their timers still allocate.
const OWN_PROCESS = [
  'test/app/release-load-memory.test.ts',
  'test/adapters/store/shared-values.test.ts',
  'test/app/export-scale.test.ts',
];

// Three `baton start` replicas on PostgreSQL, 10,000 reminders, a 10 s lease: beside the rest of
// the suite on 2 cores (load average about 5) their database reads timed out and their event
// loops stalled for seconds, so they run after it, on their own.
const REPLICAS = ['test/system/replicas/*.test.ts'];

export default defineConfig({
  test: {
    exclude: ['dist/**', 'node_modules/**'],
    // Store and end-to-end tests open real files, sockets, child processes and
    // databases: the head-room keeps a loaded CI machine (seen at half speed)
    // from failing them on time alone.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker: the suite ran file by
    // file although most of its time is spent waiting on sockets, child
    // processes and databases. Three workers keep both cores busy.
    maxWorkers: 3,
    setupFiles: ['test/support/fast-check-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...OWN_PROCESS, ...REPLICAS],
          // A worker keeps the modules it imported from one file to the next: a
          // fresh process per file spent 300 s of CPU importing Bolt, botbuilder
          // and Baton again 195 times. No test mocks modules or leaves env changed.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS, isolate: true } },
      {
        extends: true,
        test: { name: 'replicas', include: REPLICAS, isolate: true, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
