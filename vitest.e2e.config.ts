import { defineConfig } from 'vitest/config';

/** End-to-end tests in headless Chromium against a built app served by `vite preview`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/globalSetup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // UI updates wait on workers: on a busy machine they can take seconds, never a failure.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    pool: 'forks',
  },
});
