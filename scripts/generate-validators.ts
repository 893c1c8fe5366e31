// Compiles every JSON Schema the code validates against into standalone validator code, at
// generate time, so that no ajv (and no schema compilation) is needed at run time:
//   - per operation of the spec: each path parameter's schema, the request body's, and the body
//     schema of every declared response, by status;
//   - every named schema in components.schemas;
//   - the sandbox world file's schema (openapi/sandbox/world.schema.json).
// ajv's own standalone code generation writes the validators; esbuild then inlines what that code
// requires (ajv's small run-time helpers, ajv-formats' format checks) into one module with no
// import at all, so a bundler needs nothing installed beside the package. The options are those
// src/validate.ts used to compile with at run time (allErrors, formats validated, strict off), so
// the verdicts and error paths stay the same: test/validators.test.ts compares them with a live ajv.
//
// `validatorsModule(spec, worldSchema)` returns the text of generated/validators.ts; scripts/generate.ts
// writes it (and compares it in --check mode) with the other generated files.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _, Ajv2020, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';
import { build } from 'esbuild';
import { isObject, isOpenAPI3, operationsOf } from './spec-walk.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addFormats = addFormatsModule.default ?? addFormatsModule;
const standalone = standaloneCode.default ?? standaloneCode;

export const SPEC_ID = 'openapi.json';
export const WORLD_ID = 'world.schema.json';

/** The ajv options the validators are compiled with; test/validators.test.ts compiles live with the same. */
export const ajvOptions: Options = { allErrors: true, strict: false, validateFormats: true };

/** JSON Pointer escaping of one reference token. */
const token = (key: string): string => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows local `$ref`s from `pointer` in the spec to the node they name, returning its pointer. */
function resolvePointer(spec: object, pointer: string): { pointer: string; node: unknown } {
  for (;;) {
    const node = pointer
      .slice(2)
      .split('/')
      .filter(Boolean)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), spec);
    if (
      isObject(node) &&
      typeof node.$ref === 'string' &&
      node.$ref.startsWith('#/') &&
      Object.keys(node).length === 1
    ) {
      pointer = node.$ref;
      continue;
    }
    return { pointer, node };
  }
}

/** A schema to compile: `key` names it in the generated table, `ref` is its URI in the ajv instance. */
export interface SchemaTarget {
  key: string;
  ref: string;
}

/** One operation's targets by the key of each: path parameters by name, request body, responses by status (null: no JSON body). */
export interface OperationTargets {
  id: string;
  pathParameters: Record<string, string>;
  requestBody: string | null;
  responses: Record<string, string | null>;
}

/** True when a resolved request body or response declares an `application/json` schema. */
function hasJsonSchema(node: unknown): boolean {
  const content = isObject(node) ? node.content : undefined;
  const media = isObject(content) ? content['application/json'] : undefined;
  return isObject(media) && Boolean(media.schema);
}

/**
 * Every schema to compile, as `{ key, ref }`: `key` names it in the generated table, `ref` is the
 * schema's URI in the ajv instance (the spec's document plus a JSON Pointer). Walks every
 * operation of every path generically, so operations the spec gains are compiled too.
 */
export function schemaTargets(spec: object): { targets: SchemaTarget[]; operations: OperationTargets[] } {
  if (!isOpenAPI3(spec)) throw new Error('schemaTargets: the spec is no OpenAPI 3 document');
  const targets: SchemaTarget[] = [];
  const operations: OperationTargets[] = [];
  for (const { path, item, method, operation, id } of operationsOf(spec)) {
    const at = `#/paths/${token(path)}/${method}`;
    const entry: OperationTargets = { id, pathParameters: {}, requestBody: null, responses: {} };
    // Path-item parameters first, then the operation's own, which override them by name and place.
    const parameters = new Map<string, string>();
    const lists = [
      [`#/paths/${token(path)}`, item.parameters],
      [at, operation.parameters],
    ] as const;
    for (const [base, list] of lists)
      for (const i of (list ?? []).keys()) {
        const { pointer, node } = resolvePointer(spec, `${base}/parameters/${i}`);
        if (isObject(node) && node.in === 'path' && node.schema && typeof node.name === 'string')
          parameters.set(node.name, resolvePointer(spec, `${pointer}/schema`).pointer);
      }
    for (const [name, pointer] of parameters) {
      const key = `${id}.path.${name}`;
      targets.push({ key, ref: `${SPEC_ID}${pointer}` });
      entry.pathParameters[name] = key;
    }
    if (operation.requestBody) {
      const { pointer, node } = resolvePointer(spec, `${at}/requestBody`);
      if (hasJsonSchema(node)) {
        const key = `${id}.requestBody`;
        targets.push({
          key,
          ref: `${SPEC_ID}${resolvePointer(spec, `${pointer}/content/application~1json/schema`).pointer}`,
        });
        entry.requestBody = key;
      }
    }
    for (const status of Object.keys(operation.responses ?? {})) {
      const { pointer, node } = resolvePointer(spec, `${at}/responses/${token(status)}`);
      if (hasJsonSchema(node)) {
        const key = `${id}.response.${status}`;
        targets.push({
          key,
          ref: `${SPEC_ID}${resolvePointer(spec, `${pointer}/content/application~1json/schema`).pointer}`,
        });
        entry.responses[status] = key;
      } else entry.responses[status] = null; // declared with no JSON body: any body passes
    }
    operations.push(entry);
  }
  for (const name of Object.keys(spec.components?.schemas ?? {}))
    targets.push({ key: `schema.${name}`, ref: `${SPEC_ID}#/components/schemas/${token(name)}` });
  targets.push({ key: 'world', ref: WORLD_ID });
  return { targets, operations };
}

/** An ajv holding the spec and the world schema, as the validators are compiled (and as the test compiles live). */
export function createAjv(spec: object, worldSchema: object, extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ ...ajvOptions, ...extra });
  addFormats(ajv);
  ajv.addSchema(spec, SPEC_ID);
  ajv.addSchema(worldSchema, WORLD_ID);
  return ajv;
}

const banner =
  '// Generated by scripts/generate-validators.ts from openapi/openapi.yaml and openapi/sandbox/world.schema.json.\n' +
  '// Do not edit: run `npm run generate`. ajv compiled these validators (standalone code) at generate time, and\n' +
  '// esbuild inlined its run-time helpers and the ajv-formats checks they use: nothing here imports anything.\n';

/** The sandbox world's JSON Schema, as written beside world.yaml. */
export function readWorldSchema(): object {
  const schema: unknown = JSON.parse(readFileSync(join(root, 'openapi/sandbox/world.schema.json'), 'utf8'));
  if (!isObject(schema)) throw new Error('openapi/sandbox/world.schema.json holds no JSON Schema object');
  return schema;
}

/** The text of generated/validators.ts. */
export async function validatorsModule(spec: object, worldSchema: object = readWorldSchema()): Promise<string> {
  const { targets, operations } = schemaTargets(spec);
  // The format checks that are functions (date-time, ...) are referenced from ajv-formats' module;
  // the regular-expression ones (uuid, ...) ajv writes into the code itself.
  const ajv = createAjv(spec, worldSchema, {
    // Each $ref becomes a call of its own function instead of a copy of its code: the same verdicts
    // and error paths, in a module a fraction of the size.
    inlineRefs: false,
    code: { source: true, esm: true, lines: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  // One export per distinct function: keys whose schemas are the same node (a response that is a
  // named schema, say) share it. (ajv's standalone writer would write a function exported twice twice.)
  const exportOf = new Map<ValidateFunction, string>();
  const exportNames: Record<string, string> = {};
  const byKey: Record<string, string> = {};
  for (const target of targets) {
    const fn = ajv.getSchema(target.ref);
    if (!fn) throw new Error(`no schema at ${target.ref}`);
    let name = exportOf.get(fn);
    if (name === undefined) {
      name = `v${exportOf.size}`;
      exportOf.set(fn, name);
      exportNames[name] = target.ref;
    }
    byKey[target.key] = name;
  }
  const code = standalone(ajv, exportNames);

  const table = {
    operations: Object.fromEntries(
      operations.map((op) => [
        op.id,
        {
          pathParameters: Object.fromEntries(Object.entries(op.pathParameters).map(([name, key]) => [name, `@${key}`])),
          requestBody: op.requestBody && `@${op.requestBody}`,
          responses: Object.fromEntries(
            Object.entries(op.responses).map(([status, key]) => [status, key && `@${key}`]),
          ),
        },
      ]),
    ),
    schemas: Object.fromEntries(
      targets.filter((t) => t.key.startsWith('schema.')).map((t) => [t.key.slice(7), `@${t.key}`]),
    ),
    world: '@world',
  };
  const tableCode = JSON.stringify(table, null, 2).replace(/"@([^"]+)"/g, (_m, key: string) => {
    const name = byKey[key];
    if (name === undefined) throw new Error(`no validator for ${key}`);
    return name;
  });

  // The validators' module and the table are bundled from memory (no temporary file, whose name
  // would end up in the output and make --check see a change on every run).
  const result = await build({
    stdin: {
      contents: `${code}\nexport const table = ${tableCode};\n`,
      resolveDir: root,
      sourcefile: 'validators.mjs',
    },
    bundle: true,
    format: 'iife',
    globalName: 'compiled',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    absWorkingDir: root,
    // A worktree's node_modules may be a symlink: the paths written into the output stay
    // node_modules/..., so the file is the same wherever it is generated.
    preserveSymlinks: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error('esbuild wrote no validators module');
  const body = output.text;
  return `${banner}// @ts-nocheck: the code below is generated JavaScript; its one export is typed.
/* biome-ignore-all lint: generated code */

/** A compiled validator: true when \`data\` is valid, else false with \`errors\` set (ajv's error objects). */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** One schema violation, as ajv reports it. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Every operation's validators (path parameters, request body, response bodies by status), the spec's named schemas and the sandbox world's. */
export interface ValidatorTable {
  operations: Record<
    string,
    {
      pathParameters: Record<string, StandaloneValidator>;
      requestBody: StandaloneValidator | null;
      responses: Record<string, StandaloneValidator | null>;
    }
  >;
  schemas: Record<string, StandaloneValidator>;
  world: StandaloneValidator;
}

${body}
export const validators: ValidatorTable = compiled.table;
`;
}
