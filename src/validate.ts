// Run-time validation against the spec, as a separate entry point (`./validate`). The validators
// are the spec's own JSON Schemas compiled ahead of time by `npm run generate`
// (generated/validators.ts, ajv's standalone code with its helpers inlined): nothing to install
// beside the package, no schema compiled when a page or process starts, and no import a bundler
// could fail to resolve. Pass a validator to the client as `validator` to check every answer.
import type { OperationId } from '../generated/contract.js';

export type { OperationId } from '../generated/contract.js';

import type { components } from '../generated/types.js';

/** The spec's schemas as types, by name: what `validateSchema` checks a value against. */
export type { components } from '../generated/types.js';

import { type SchemaError, type StandaloneValidator, validators } from '../generated/validators.js';
import type { ContractViolation } from './errors.js';

export type { ContractViolation } from './errors.js';

export interface ValidationResult {
  valid: boolean;
  violations: ContractViolation[];
}

/** The name of a schema of the spec's `components.schemas`. */
export type SchemaName = keyof components['schemas'];

/** Turns a JSON Pointer such as `/a/0/b` (a validator's `instancePath`) into `$.a[0].b`. */
export function jsonPath(pointer: string): string {
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((part) =>
        /^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`,
      )
      .join('')
  );
}

function toViolations(errors: SchemaError[] | null | undefined): ContractViolation[] {
  return (errors ?? []).map((e) => {
    const path = jsonPath(e.instancePath);
    const extra = e.keyword === 'additionalProperties' ? ` '${String(e.params.additionalProperty)}'` : '';
    return { path, rule: e.keyword, message: `${path} ${e.message ?? 'is invalid'}${extra}` };
  });
}

function run(fn: StandaloneValidator, value: unknown): ValidationResult {
  const valid = fn(value);
  return { valid, violations: valid ? [] : toViolations(fn.errors) };
}

/** The compiled validators of one operation. */
function validatorsOf(operationId: OperationId) {
  const found = validators.operations[operationId];
  // A caller outside TypeScript may pass any string: say what exists rather than fail on undefined.
  if (!found)
    throw new TypeError(
      `unknown operation ${JSON.stringify(operationId)} (the spec has: ${Object.keys(validators.operations).join(', ')})`,
    );
  return found;
}

/**
 * The spec's validators. Each function but `validateSchema` names the operation whose contract it
 * checks (several operations share a status code or a parameter name, so none is assumed), and
 * validates any number of values; nothing is compiled here.
 */
export function createContractValidator() {
  return {
    /** Validates an answer's body for a status code; an undeclared status is a violation. */
    validateResponse(status: number, body: unknown, operationId: OperationId): ValidationResult {
      const { responses } = validatorsOf(operationId);
      const fn = responses[String(status)];
      if (fn === undefined) {
        const codes = Object.keys(responses).join(', ');
        return {
          valid: false,
          violations: [{ path: '$', rule: 'status', message: `status ${status} is not declared (declared: ${codes})` }],
        };
      }
      // Declared with no JSON body: there is nothing of it to check.
      return fn === null ? { valid: true, violations: [] } : run(fn, body);
    },
    /** Validates a request body (an operation without one takes none: any body is a violation). */
    validateRequestBody(body: unknown, operationId: OperationId): ValidationResult {
      const fn = validatorsOf(operationId).requestBody;
      if (fn) return run(fn, body);
      return body === undefined
        ? { valid: true, violations: [] }
        : { valid: false, violations: [{ path: '$', rule: 'body', message: `${operationId} takes no request body` }] };
    },
    /** Validates the path parameters (e.g. `image_id`, `member_id`) against their schemas. */
    validatePathParameters(values: Record<string, unknown>, operationId: OperationId): ValidationResult {
      const violations = Object.entries(validatorsOf(operationId).pathParameters).flatMap(([name, fn]) =>
        run(fn, values[name]).violations.map((v) => ({
          ...v,
          path: `${name}${v.path.slice(1)}`,
          message: `${name}${v.message.slice(1)}`,
        })),
      );
      return { valid: violations.length === 0, violations };
    },
    /** Validates a value against any named schema in `components.schemas`. */
    validateSchema(name: SchemaName, value: unknown): ValidationResult {
      const fn = validators.schemas[name];
      if (!fn) throw new TypeError(`unknown schema ${JSON.stringify(name)}`);
      return run(fn, value);
    },
  };
}

export type ContractValidator = ReturnType<typeof createContractValidator>;
