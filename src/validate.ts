// Run-time validation against the spec, as a separate entry point (`./validate`) so the default
// client does not carry ajv. The JSON Schemas are the bundled spec's own (generated/openapi.json),
// compiled once per validator. Pass one to the client as `validator` to check every answer.
//
// ajv and ajv-formats are optional peer dependencies: a consumer who never validates does not
// install them. Without them, importing this module rejects with an error naming what to install.
import type { Ajv2020 as Ajv, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { operation, type Ref, resolveRef, spec } from './spec.js';

// The message when ajv or ajv-formats is not installed.
const MISSING_PEERS =
  'ims-image-member-status/validate needs its optional peer dependencies ajv and ajv-formats: npm install ajv ajv-formats';

const [{ Ajv2020 }, addFormatsModule] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')]).catch(
  (error: unknown) => {
    const { code, message } = (error ?? {}) as { code?: string; message?: string };
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /\bajv/.test(String(message)))
      throw new Error(MISSING_PEERS, { cause: error });
    throw error;
  },
);

// ajv-formats is CommonJS; under NodeNext its default import is the module namespace.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

import type { components } from '../generated/types.js';
import type { ContractViolation } from './errors.js';

export type { ContractViolation } from './errors.js';

export interface ValidationResult {
  valid: boolean;
  violations: ContractViolation[];
}

const SPEC_ID = 'openapi.json';
type SchemaName = keyof components['schemas'];
type Body = { content: { 'application/json': { schema: Ref } } };

/** Turns ajv's `/a/0/b` pointer into `$.a[0].b`. */
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

function toViolations(errors: ErrorObject[] | null | undefined): ContractViolation[] {
  return (errors ?? []).map((e) => {
    const path = jsonPath(e.instancePath);
    const extra =
      e.keyword === 'additionalProperties'
        ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : '';
    return { path, rule: e.keyword, message: `${path} ${e.message ?? 'is invalid'}${extra}` };
  });
}

/**
 * Compiles any JSON Schema (2020-12) with the same ajv, for the data files beside the spec (the
 * sandbox's world), so no other module imports ajv itself and misses the message above.
 */
export function compileSchema(schema: object): ValidateFunction {
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}

/** Compiles the spec's schemas once; the functions it returns validate any number of values. */
export function createContractValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(spec, SPEC_ID);
  const compiled = new Map<string, ValidateFunction>();

  function compile(schema: { $ref: string }): ValidateFunction {
    let fn = compiled.get(schema.$ref);
    if (!fn) {
      fn = ajv.compile({ $ref: `${SPEC_ID}${schema.$ref}` });
      compiled.set(schema.$ref, fn);
    }
    return fn;
  }

  function run(fn: ValidateFunction, value: unknown): ValidationResult {
    const valid = fn(value) as boolean;
    return { valid, violations: valid ? [] : toViolations(fn.errors) };
  }

  return {
    /** Validates an answer's body for a status code; an undeclared status is a violation. */
    validateResponse(status: number, body: unknown): ValidationResult {
      const declared = operation.responses[String(status)];
      if (!declared) {
        const codes = Object.keys(operation.responses).join(', ');
        return {
          valid: false,
          violations: [{ path: '$', rule: 'status', message: `status ${status} is not declared (declared: ${codes})` }],
        };
      }
      const schema = resolveRef<Body>(declared).content['application/json'].schema;
      return run(compile(schema), body);
    },
    /** Validates a request body. */
    validateRequestBody(body: unknown): ValidationResult {
      return run(compile(resolveRef<Body>(operation.requestBody).content['application/json'].schema), body);
    },
    /** Validates the path parameters (`image_id`, `member_id`) against their schemas. */
    validatePathParameters(values: Record<string, unknown>): ValidationResult {
      const violations = operation.parameters.flatMap((ref) => {
        const { name } = resolveRef<{ name: string }>(ref);
        const result = run(compile({ $ref: `${ref.$ref}/schema` }), values[name]);
        return result.violations.map((v) => ({
          ...v,
          path: `${name}${v.path.slice(1)}`,
          message: `${name}${v.message.slice(1)}`,
        }));
      });
      return { valid: violations.length === 0, violations };
    },
    /** Validates a value against any named schema in `components.schemas`. */
    validateSchema(name: SchemaName, value: unknown): ValidationResult {
      return run(compile({ $ref: `#/components/schemas/${name}` }), value);
    },
  };
}

export type ContractValidator = ReturnType<typeof createContractValidator>;
