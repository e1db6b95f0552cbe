import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    // Store and end-to-end tests open real files, sockets and databases: a
    // little head-room over the default keeps a loaded CI machine from flaking.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker: the suite ran file by
    // file although most of its time is spent waiting on sockets, child
    // processes and databases. Three workers keep both cores busy.
    maxWorkers: 3,
    setupFiles: ['test/support/fast-check-setup.ts'],
  },
});
