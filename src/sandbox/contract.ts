// The spec's own validators (compiled at generate time, generated/validators.ts), wrapped once on
// first use and shared by every sandbox.
import type { OperationId } from '../../generated/contract.js';
import { operationOf, resolveRef } from '../spec.js';
import { type ContractValidator, createContractValidator, type ValidationResult } from '../validate.js';

let cache: ContractValidator | undefined;
export const contract = (): ContractValidator => {
  cache ??= createContractValidator();
  return cache;
};

type BodyContent = { content: Record<string, { schema?: { $ref?: string } }> };

/**
 * Validates a request body of any operation against the spec's schema for it (a named schema in
 * `components.schemas`, as every body of this spec is). Undefined when the operation takes no body.
 */
export function validateBodyOf(id: OperationId, body: unknown): ValidationResult | undefined {
  const declared = operationOf(id).requestBody;
  if (!declared) return undefined;
  const media = Object.values(resolveRef<BodyContent>(declared).content)[0];
  const name = /^#\/components\/schemas\/([^/]+)$/.exec(media?.schema?.$ref ?? '')?.[1];
  if (!name) throw new Error(`${id}: the request body's schema is not a named schema of components.schemas`);
  return contract().validateSchema(name as Parameters<ContractValidator['validateSchema']>[0], body);
}
