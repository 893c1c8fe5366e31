// Starts one real Glance for the whole `npm run test:glance` run and stops it afterwards, also
// when a test fails (vitest runs the teardown) and when the run is interrupted (the exit and
// signal handlers startGlance installs kill Glance's process group). Each test file puts its own
// identity proxy in front and creates its own fresh projects and images.
import type { TestProject } from 'vitest/node';
import { startGlance } from '../../scripts/glance/glance.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Glance itself (it trusts identity headers): put an identity proxy in front. */
    glanceUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const glance = await startGlance();
  console.log(`glance-api ${glance.url} ready in ${Date.now() - started} ms (pid ${glance.pid}, ${glance.dir})`);
  project.provide('glanceUrl', glance.url);
  return async () => {
    await glance.stop();
  };
}
