// What the two generators (scripts/generate.ts, scripts/generate-validators.ts) share to read the
// bundled spec with types: openapi-typescript's OpenAPI 3 document types, a guard that a parsed
// document is one, the walk over every operation of every path (so that an operation the spec
// gains is read like the others), and narrowing helpers for the parts that stay plain JSON.
import type {
  Method,
  OpenAPI3,
  OperationObject,
  PathItemObject,
  ReferenceObject,
  SchemaObject,
} from 'openapi-typescript';

/** A JSON object (or array: a JSON Pointer indexes one by position too), its values not yet known. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for any JSON object or array: what a key can be read from. */
export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null;

/** True for a `{ $ref }` node. */
export const isReference = (node: object): node is ReferenceObject => '$ref' in node;

/** The HTTP methods an OpenAPI path item may hold, in the order the generators list operations. */
export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const satisfies readonly Method[];

/**
 * True when a parsed document is an OpenAPI 3 document, as far as the generators rely on: the
 * `openapi` version, the `info` and the `paths` objects. Redocly has linted and bundled it, so the
 * rest is read with openapi-typescript's types.
 */
export function isOpenAPI3(document: unknown): document is OpenAPI3 {
  return (
    isObject(document) &&
    typeof document.openapi === 'string' &&
    document.openapi.startsWith('3.') &&
    isObject(document.info) &&
    isObject(document.paths)
  );
}

/** The node a local reference (`#/components/...`) names in the spec, unescaped as the bundle writes them. */
function lookUp(spec: OpenAPI3, ref: string): object {
  const node = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), spec);
  if (!isObject(node)) throw new Error(`${ref} names nothing in the bundled spec`);
  return node;
}

/**
 * Resolves a local `#/components/...` reference in the bundled spec (one step: the bundle does not
 * chain them); any other node is returned as it is.
 */
export function deref<T extends object>(spec: OpenAPI3, node: T | ReferenceObject): T;
export function deref<T extends object>(spec: OpenAPI3, node: T | ReferenceObject | undefined): T | undefined;
export function deref<T extends object>(spec: OpenAPI3, node: T | ReferenceObject | undefined): T | undefined {
  if (node === undefined || !isReference(node)) return node;
  // The one place a node is taken to be of a kind: Redocly's lint has checked that each reference
  // names a node of the kind it stands in for (a schema for a schema, a response for a response).
  return lookUp(spec, node.$ref) as T;
}

/**
 * The keywords of a schema the generators read, whatever its `type`: openapi-typescript's
 * `SchemaObject` splits them by type (only an array's has `items`, only an object's `properties`)
 * and leaves out the string and array limits (`minLength`, `pattern`, `uniqueItems`...).
 */
export interface SchemaKeywords {
  type?: unknown;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: SchemaObject | ReferenceObject | (SchemaObject | ReferenceObject)[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, SchemaObject | ReferenceObject>;
  required?: string[];
  oneOf?: (SchemaObject | ReferenceObject)[];
  example?: unknown;
}

/** A schema seen through the keywords the generators read (none for a missing schema). */
export const keywords = (schema: SchemaObject | undefined): SchemaKeywords => schema ?? {};

/** One operation of the spec, where it is: the path, its path item, the method, the operation and its ID. */
export interface OperationAt {
  path: string;
  item: PathItemObject;
  method: (typeof HTTP_METHODS)[number];
  operation: OperationObject;
  id: string;
}

/** Every operation of every path, in the spec's order (paths, then methods in `HTTP_METHODS` order). */
export function* operationsOf(spec: OpenAPI3): Generator<OperationAt> {
  for (const [path, entry] of Object.entries(spec.paths ?? {})) {
    const item = deref(spec, entry);
    for (const method of HTTP_METHODS) {
      const declared = item[method];
      if (!declared) continue;
      const operation = deref(spec, declared);
      const id = operation.operationId;
      if (typeof id !== 'string') throw new Error(`${method.toUpperCase()} ${path}: the operation has no operationId`);
      yield { path, item, method, operation, id };
    }
  }
}
