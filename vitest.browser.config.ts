import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:browser`: tests that drive Debian's Chromium through playwright-core.
export default defineConfig({
  // As in vitest.config.ts: '#crypto' from the sources, as Node gets it (the tests run in Node;
  // the pages they bundle with esbuild take the Web Crypto variant through tsconfig.json paths).
  resolve: {
    alias: [{ find: /^#crypto$/, replacement: fileURLToPath(new URL('src/crypto-node.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/browser/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false, // one browser at a time on a two-core machine
  },
});
