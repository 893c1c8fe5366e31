import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/sequencer.js';

export default defineConfig({
  // Tests import src/*.ts directly, so '#crypto' (package.json "imports", which name the built
  // files) points at the sources here: the node:crypto variant, as Node gets it from the package.
  resolve: {
    alias: [{ find: /^#crypto$/, replacement: fileURLToPath(new URL('src/crypto-node.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests need Debian's Chromium and the Glance tests Debian's glance-api: they run
    // apart, under `npm run test:browser` and `npm run test:glance`.
    exclude: ['test/browser/**', 'test/glance/**', 'test/openstack/**', '**/node_modules/**'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One real Prism for the whole run, started and stopped by the global setup.
    globalSetup: ['test/support/global-setup.ts'],
    // Type-level tests: *.test-d.ts files are checked by tsc, and an unused @ts-expect-error fails.
    // Their own tsconfig holds them and what they import (about 40% of the project's files); the
    // whole project is `npm run typecheck`, a step of `npm run lint`.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'test/tsconfig.test-d.json' },
    // Vitest's default on two cores is one worker, so the files ran one after another while most of
    // the slow ones wait on child processes (npm, tsc, Prism, the docs build). Three overlap them;
    // worker threads start faster than the default child processes.
    pool: 'threads',
    maxWorkers: 3,
    // A worker keeps the modules it loaded from one file to the next (src/, generated/, fast-check,
    // the servers' helpers) instead of loading them afresh per file: about a quarter of the CPU of
    // the in-process files. A file still runs alone in its worker; the files that patch globals
    // (MSW's setupServer) undo it in their afterAll.
    isolate: false,
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Fail the run on any unhandled rejection or error, never just log it.
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
