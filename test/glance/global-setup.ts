// Starts one real Glance for the whole `npm run test:glance` run and stops it afterwards, also
// when a test fails (vitest runs the teardown) and when the run is interrupted (the exit and
// signal handlers startGlance installs kill Glance's process group). Each test file puts its own
// identity proxy in front and creates its own fresh projects and images.
//
// When Glance cannot start (not installed: the message says what to install), the error is
// handed to the test files, which fail with it: a failed global setup would leave the run's
// closing line at "0 failed".
import type { TestProject } from 'vitest/node';
import { startGlance } from '../../scripts/glance/glance.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Glance itself (it trusts identity headers): put an identity proxy in front. */
    glanceUrl: string;
    /** Why Glance did not start, when it did not. */
    glanceError: string;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  let glance: Awaited<ReturnType<typeof startGlance>>;
  try {
    glance = await startGlance();
  } catch (error) {
    console.error((error as Error).message);
    project.provide('glanceUrl', '');
    project.provide('glanceError', (error as Error).message);
    return;
  }
  console.log(`glance-api ${glance.url} ready in ${Date.now() - started} ms (pid ${glance.pid}, ${glance.dir})`);
  project.provide('glanceUrl', glance.url);
  project.provide('glanceError', '');
  return async () => {
    await glance.stop();
  };
}
