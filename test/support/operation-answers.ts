// Checks an answer of any operation against the spec: the schema its status declares (a named
// schema of components.schemas, as every answer of this spec has), for the sandbox's tests.
import type { OperationId } from '../../generated/contract.js';
import { operationOf, resolveRef } from '../../src/spec.js';
import { createContractValidator } from '../../src/validate.js';

const contract = createContractValidator();
type Content = { content: Record<string, { schema?: { $ref?: string } }> };

/** The violations of an answer against the operation's declared answer for that status ([] when it conforms). */
export function answerViolations(operation: OperationId, status: number, body: unknown): string[] {
  const declared = operationOf(operation).responses[String(status)];
  if (!declared) return [`${operation} declares no ${status}`];
  const schema = Object.values(resolveRef<Content>(declared).content)[0]?.schema;
  const name = /^#\/components\/schemas\/([^/]+)$/.exec(schema?.$ref ?? '')?.[1];
  if (!name) return [`${operation} ${status}: no named schema`];
  return contract
    .validateSchema(name as Parameters<typeof contract.validateSchema>[0], body)
    .violations.map((v) => v.message);
}
