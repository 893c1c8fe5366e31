// Starts one real Prism mock of openapi/openapi.yaml for the run (what `npm run mock` serves: the
// front, then Prism), and one sandbox behind a real Prism proxy (what `npm start` serves: the
// front, Prism, the sandbox), side by side, and stops both afterwards. Their ports
// are chosen here and handed out at once; the servers come up while the first tests (the
// packed package, the type check) already run, and the files that call them wait for them
// with `running()` from ./servers.ts.
import type { TestProject } from 'vitest/node';
import { startMock } from '../../scripts/mock-server.js';
import { freePort } from '../../scripts/prism.js';
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
  const [prismPort, sandboxPort, sandboxDirectPort] = [await freePort(), await freePort(), await freePort()];
  // Prism logs every request breach at level error: thousands of lines a run (the conformance
  // and hostile suites send invalid requests on purpose) that cost it CPU and that no test reads
  // (they read the answers and `sl-violations`). Only its fatal words are kept, for a failed start.
  const starting = Promise.all([
    startMock({ logLevel: 'fatal', port: prismPort }),
    startSandbox({ logLevel: 'fatal', port: sandboxPort, sandboxPort: sandboxDirectPort }),
  ]);
  // A server that fails to start fails the run here, with Prism's own output, not only as a wait.
  starting.catch((error: Error) => console.error(`global setup: ${error.message}`));
  project.provide('prismUrl', `http://127.0.0.1:${prismPort}`);
  project.provide('sandboxUrl', `http://127.0.0.1:${sandboxPort}`);
  project.provide('sandboxDirectUrl', `http://127.0.0.1:${sandboxDirectPort}`);
  return async () => {
    const [prism, sandbox] = await starting;
    await Promise.all([prism.stop(), sandbox.stop()]);
  };
}
