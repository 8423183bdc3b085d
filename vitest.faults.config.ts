import { defineConfig } from 'vitest/config';

/**
 * The fault-injection suite (`npm run test:faults`): real processes, real faults (daemons
 * killed, frozen and restarted, hostile clients, broken files), each case asserting that the
 * app keeps working, tells the truth and recovers. Kept apart from the unit and integration
 * tests because its cases are slow and disturb the processes they target.
 */
export default defineConfig({
  test: {
    include: ['{electron,e2e,scripts}/**/*.fault.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    retry: 1,
  },
});
