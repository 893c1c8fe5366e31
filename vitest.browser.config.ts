import { defineConfig } from 'vitest/config';

// `npm run test:browser`: tests that drive Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false, // one browser at a time on a two-core machine
  },
});
