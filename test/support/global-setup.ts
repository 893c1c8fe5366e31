// Starts one real Prism mock of openapi/openapi.yaml for the run and stops it afterwards.
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/prism.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism({ logLevel: 'error' });
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
