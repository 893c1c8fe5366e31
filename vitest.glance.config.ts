import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:glance`: the differential tests against a real OpenStack Glance (Debian's
// `glance-api`), started once for the run by test/glance/global-setup.ts. Not part of `npm test`:
// they need a Debian package, and they take longer than the whole Node suite's budget allows.
export default defineConfig({
  // As in vitest.config.ts: '#crypto' from the sources, as Node gets it from the package.
  resolve: {
    alias: [{ find: /^#crypto$/, replacement: fileURLToPath(new URL('src/crypto-node.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/glance/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/glance/global-setup.ts'],
    // One Glance process serves every file; running them one after another keeps its answers
    // (and their timing) free of the other file's load on a two-core machine.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
