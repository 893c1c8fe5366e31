import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests need Debian's Chromium: they run apart, under `npm run test:browser`.
    exclude: ['test/browser/**', '**/node_modules/**'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One real Prism for the whole run, started and stopped by the global setup.
    globalSetup: ['test/support/global-setup.ts'],
    // Type-level tests: *.test-d.ts files are checked by tsc, and an unused @ts-expect-error fails.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'test/tsconfig.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Fail the run on any unhandled rejection or error, never just log it.
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
