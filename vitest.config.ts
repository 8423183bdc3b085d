import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{electron,preload,shared,renderer,e2e,scripts}/**/*.test.{ts,tsx}'],
    // The fault-injection suite has its own config (vitest.faults.config.ts).
    exclude: ['**/node_modules/**', '**/*.fault.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one dockerd and one cluster: run files one at a time.
    fileParallelism: false,
    // One retry: a stall of the shared machine should not fail the run; `npm test` names every
    // test that needed it (scripts/flakyReporter.ts).
    retry: 1,
  },
});
