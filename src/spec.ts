// The bundled spec (generated/openapi.json) as run-time data, for the validator, the MSW handlers
// and the sandbox, with each operation by ID and a way to follow its local `$ref`s.
// Internal: no entry point exports it, so no published type refers to the JSON module.

import { type OperationId, operationRules } from '../generated/contract.js';
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

/** An operation as the bundle holds it: parameters, body and answers (each maybe a `$ref` into components). */
export interface SpecOperation {
  parameters?: Ref[];
  requestBody?: Ref;
  responses: Record<string, Ref>;
}

/** The operation of that ID, found by its method and path in `generated/contract.ts`. */
export function operationOf(id: OperationId): SpecOperation {
  const { path, method } = operationRules[id];
  const item = (spec.paths as Record<string, Record<string, unknown>>)[path]!;
  return item[method.toLowerCase()] as SpecOperation;
}

/** The v2 member-status operation, for the tests that read its examples (test/support/spec.ts). */
export const operation = operationOf('updateImageMemberStatus') as Required<SpecOperation>;
