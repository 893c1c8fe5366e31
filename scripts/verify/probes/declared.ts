// What the spec declares for a named answer, read from the bundle rather than typed again here.
import type { ErrorReason, OperationId } from '../../../generated/contract.js';
import { operationRules } from '../../../generated/contract.js';
import { type Ref, resolveRef, spec } from '../../../src/spec.js';

type Response = { content?: Record<string, { examples?: Record<string, unknown> }> };

/**
 * The status whose answer carries the example named `reason` for this operation: e.g. the 404 the
 * spec chose for an unknown job. Throws when the spec has no such example (a bug in verify, or a
 * renamed example: the message says which).
 */
export function declaredStatusOf(operationId: OperationId, reason: ErrorReason): number {
  const { path, method } = operationRules[operationId];
  const operation = (spec.paths as Record<string, Record<string, { responses: Record<string, Ref> }>>)[path]![
    method.toLowerCase()
  ]!;
  for (const [status, ref] of Object.entries(operation.responses)) {
    const content = resolveRef<Response>(ref).content ?? {};
    if (Object.values(content).some((media) => media.examples && Object.hasOwn(media.examples, reason)))
      return Number(status);
  }
  throw new Error(`the spec declares no answer named ${reason} for ${operationId}`);
}

/** A job ID no server has: 32 hex digits, as the documents' job IDs are. */
export const unknownJobId = () => crypto.randomUUID().replaceAll('-', '');
