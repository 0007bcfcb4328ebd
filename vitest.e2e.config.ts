import { defineConfig } from 'vitest/config';

/** Browser journeys: one real server for the run, files one after another (one browser at a time). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
