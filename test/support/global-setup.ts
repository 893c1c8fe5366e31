// Starts one real Prism mock of openapi/openapi.yaml for the run, and one sandbox behind a real
// Prism proxy (what `npm start` serves), side by side, and stops both afterwards.
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/prism.mjs';
import { startSandbox } from '../../scripts/sandbox-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
    /** The sandbox behind Prism's proxy: the address to call. */
    sandboxUrl: string;
    /** The sandbox's own port, for `/__sandbox/*` without Prism in between. */
    sandboxDirectUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const [prism, sandbox] = await Promise.all([startPrism({ logLevel: 'error' }), startSandbox({ logLevel: 'error' })]);
  project.provide('prismUrl', prism.url);
  project.provide('sandboxUrl', sandbox.url);
  project.provide('sandboxDirectUrl', sandbox.sandboxUrl);
  return async () => {
    await Promise.all([prism.stop(), sandbox.stop()]);
  };
}
