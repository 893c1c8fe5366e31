// The bundled spec (generated/openapi.json) as run-time data, for the validator and the MSW
// handlers, with the one operation it describes and a way to follow its local `$ref`s.
// Internal: no entry point exports it, so no published type refers to the JSON module.

import { operationRules } from '../generated/contract.js';
import spec from '../generated/openapi.json' with { type: 'json' };

export { spec };

export type Ref = { $ref: string };

/** Follows a local `#/components/...` reference (or returns the node when it is not one). */
export function resolveRef<T>(node: Ref | T): T {
  const ref = (node as Partial<Ref>)?.$ref;
  if (typeof ref !== 'string') return node as T;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec) as T;
}

/** The operation, with the parts this package walks (all `$ref`s into components). */
const { path, method } = operationRules.updateImageMemberStatus;
export const operation = spec.paths[path][method.toLowerCase() as 'put'] as unknown as {
  parameters: Ref[];
  requestBody: Ref;
  responses: Record<string, Ref>;
};
