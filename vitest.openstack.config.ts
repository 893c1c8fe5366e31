import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:openstack`: Debian's OpenStack clients (python3-glanceclient,
// python3-openstackclient, python3-openstacksdk) against `npm start`. Not part of `npm test`:
// they need Debian packages. The same commands against a real Glance run in `npm run test:glance`
// (test/glance/openstack-clients.test.ts).
export default defineConfig({
  // As in vitest.config.ts: '#crypto' from the sources, as Node gets it from the package.
  resolve: {
    alias: [{ find: /^#crypto$/, replacement: fileURLToPath(new URL('src/crypto-node.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/openstack/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Each command starts a Python interpreter: one file at a time on a two-core machine.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
