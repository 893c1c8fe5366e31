// The validators compiled at generate time (generated/validators.ts) are exactly as strict as ajv
// compiling the same schemas live, as src/validate.ts used to at run time: for every schema the
// code validates against (each operation's path parameters, request body and response bodies, the
// named schemas, the sandbox world's), on a corpus of every example the spec and the world file
// hold plus a few hundred fast-check values per schema, both give the same verdict and the same
// errors (path, rule, parameters, message). And the generated module imports nothing, so a
// bundler has nothing to resolve and a consumer nothing to install.
//
// CI runs a fixed seed; locally it is random and printed: replay with FC_SEED=<seed>.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operationRules } from '../generated/contract.js';
import spec from '../generated/openapi.json' with { type: 'json' };
import sandboxData from '../generated/sandbox.json' with { type: 'json' };
import { type StandaloneValidator, validators } from '../generated/validators.js';
import { ajvOptions, createAjv, schemaTargets } from '../scripts/generate-validators.js';
import { createContractValidator } from '../src/validate.js';

const root = join(import.meta.dirname, '..');
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261129 : Date.now() % 2 ** 31;
if (!process.env.CI) console.log(`validators: fast-check seed ${seed} (replay with FC_SEED=${seed})`);

type Schema = Record<string, unknown>;
const worldSchema = sandboxData.worldSchema as Schema;
const { targets } = schemaTargets(spec);

/** The generated validator for a target key (`op.path.name`, `op.requestBody`, `op.response.200`, `schema.X`, `world`). */
function generatedFor(key: string): StandaloneValidator {
  if (key === 'world') return validators.world;
  if (key.startsWith('schema.')) return validators.schemas[key.slice(7)]!;
  const [operationId, kind, name] = key.split('.') as [string, string, string];
  const operation = validators.operations[operationId]!;
  if (kind === 'path') return operation.pathParameters[name]!;
  if (kind === 'requestBody') return operation.requestBody!;
  return operation.responses[name]!;
}

/** The value kept for `key`, made on first use. */
function once<K, V>(kept: Map<K, V>, key: K, make: () => V): V {
  if (!kept.has(key)) kept.set(key, make());
  return kept.get(key) as V;
}

// The live side, compiled as src/validate.ts did before: the spec's schemas through one ajv with
// ajv-formats and a `$ref` into the spec; the world schema through a plain ajv (compileSchema).
const liveAjv = createAjv(spec, worldSchema);
const liveWorld = new Ajv2020({ allErrors: true, strict: false }).compile(worldSchema);
// Compiled once per schema: the 161 targets name 43 schemas (an operation's error statuses share
// one), and a `$ref` to the same node compiles to the same checks.
const liveBySchema = new Map<Schema, ReturnType<typeof liveAjv.compile>>();
const liveFor = (target: { key: string; ref: string }) => {
  if (target.key === 'world') return liveWorld;
  const { schema } = schemaAt(target.ref);
  return once(liveBySchema, schema, () => liveAjv.compile({ $ref: target.ref }));
};

/** Follows a schema's local `$ref`s, in the spec or (for `#/$defs/...`) in the world schema. */
function deref(node: Schema, document: Schema): Schema {
  let at = node;
  for (let i = 0; typeof at?.$ref === 'string' && i < 32; i++) {
    const ref = at.$ref as string;
    const [file, pointer = ''] = ref.includes('#') ? ref.split('#') : [ref, ''];
    const base = file === 'openapi.json' ? (spec as Schema) : file === 'world.schema.json' ? worldSchema : document;
    at = pointer
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((value, key) => (value as Schema)[key], base) as Schema;
  }
  return at;
}

function schemaAt(ref: string): { schema: Schema; document: Schema } {
  if (ref === 'world.schema.json') return { schema: worldSchema, document: worldSchema };
  return { schema: deref({ $ref: ref }, spec as Schema), document: spec as Schema };
}

/** Every example in the spec (named `examples` values and `example` keywords) and the default world with its parts. */
function examples(): unknown[] {
  const found: unknown[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'example') found.push(value);
        else if (key === 'examples' && value && typeof value === 'object' && !Array.isArray(value))
          for (const example of Object.values(value) as { value?: unknown }[])
            if (example && typeof example === 'object' && 'value' in example) found.push(example.value);
        walk(value);
      }
    }
  };
  walk(spec);
  const world = sandboxData.world as Schema;
  found.push(world, ...Object.values(world), ...(world.images as unknown[]));
  return found;
}

const ANY = fc.jsonValue({ maxDepth: 2 });

/**
 * fc.stringMatching for a pattern, built once per pattern: building one parses the pattern into
 * arbitraries (about 20 ms for the UUID pattern, which the spec has nine times), and an arbitrary
 * is an immutable description, so one serves every schema with that pattern. Undefined for a
 * pattern fast-check cannot generate from (lookaheads): the example stands in for those.
 */
const matching = new Map<string, fc.Arbitrary<string> | undefined>();
const matchingPattern = (pattern: string) =>
  once(matching, pattern, () => {
    try {
      return fc.stringMatching(new RegExp(pattern, 'u'));
    } catch {
      return undefined;
    }
  });

/**
 * Values for a schema: mostly of its shape (right property names, enum and const values, strings
 * that match its pattern or format, arrays of its items), with any node now and then replaced by
 * an arbitrary JSON value or its field dropped, so both verdicts and many error paths come up.
 */
function arbitraryFor(node: Schema, document: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(node, document);
  const shaped = shapedFor(schema, document, depth);
  return fc.oneof({ arbitrary: shaped, weight: 15 }, { arbitrary: ANY, weight: 1 });
}

function shapedFor(schema: Schema, document: Schema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 5) return ANY;
  const variants = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => arbitraryFor(v, document, depth + 1)));
  if ('const' in schema)
    return fc.oneof({ arbitrary: fc.constant(schema.const), weight: 6 }, { arbitrary: ANY, weight: 1 });
  if (Array.isArray(schema.enum))
    return fc.oneof(
      fc.constantFrom(...(schema.enum as unknown[])),
      fc.constantFrom(...(schema.enum as unknown[])).map((v) => (typeof v === 'string' ? v.toUpperCase() : v)),
    );
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties || schema.additionalProperties) {
    const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
    const required = new Set((schema.required ?? []) as string[]);
    const extra =
      schema.additionalProperties && typeof schema.additionalProperties === 'object'
        ? arbitraryFor(schema.additionalProperties as Schema, document, depth + 1)
        : ANY;
    return fc
      .tuple(
        fc.tuple(
          ...properties.map(([name, sub]) =>
            fc.option(
              arbitraryFor(sub, document, depth + 1).map((value) => [name, value] as const),
              { freq: required.has(name) ? 40 : 2 },
            ),
          ),
        ),
        // now and then a property the schema does not name
        fc.oneof(
          { arbitrary: fc.constant(null), weight: 5 },
          { arbitrary: fc.tuple(fc.constantFrom('unknown', 'x', '名', ''), extra), weight: 1 },
        ),
      )
      .map(([fields, more]) =>
        Object.fromEntries([...fields.filter((f) => f !== null), ...(more ? [more] : [])] as [string, unknown][]),
      );
  }
  if (type === 'array') {
    const items = schema.items ? arbitraryFor(schema.items as Schema, document, depth + 1) : ANY;
    const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
    return fc.oneof(
      { arbitrary: fc.array(items, { minLength, maxLength: minLength + 4 }), weight: 6 },
      { arbitrary: fc.array(items, { maxLength: 3 }), weight: 1 },
      // a repeated item, for uniqueItems
      { arbitrary: items.map((item) => [item, item]), weight: 1 },
    );
  }
  if (type === 'string') {
    const options: fc.Arbitrary<unknown>[] = [];
    if (typeof schema.example === 'string') options.push(fc.constant(schema.example));
    if (typeof schema.pattern === 'string') {
      const matching = matchingPattern(schema.pattern);
      if (matching) options.push(matching);
    }
    if (schema.format === 'uuid') options.push(fc.uuid());
    if (schema.format === 'date-time')
      options.push(
        fc
          .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
          .map((d) => d.toISOString().replace(/\.000Z$/, 'Z')),
      );
    const anyString = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01 00:00:00Z', '..', ''),
    );
    return options.length
      ? fc.oneof({ arbitrary: fc.oneof(...options), weight: 4 }, { arbitrary: anyString, weight: 1 })
      : anyString;
  }
  if (type === 'integer' || type === 'number') return fc.oneof(fc.integer({ min: -10, max: 700 }), fc.double());
  if (type === 'boolean') return fc.boolean();
  if (type === 'null') return fc.constant(null);
  return ANY;
}

const numRuns = 300;
/**
 * The fast-check values a schema's property runs on: what `fc.assert(fc.property(arbitrary, ...),
 * { seed, numRuns })` generates (fc.sample with the same seed and count yields the same values),
 * generated once per schema. The 161 targets share 42 schemas (every 4xx of an operation is the
 * same error schema), and generating was most of this file's fast-check time; no validator
 * changes a value (no defaults, no coercion), so a value can be shown to several.
 */
const sampled = new Map<Schema, unknown[]>();
function valuesFor(schema: Schema, document: Schema): unknown[] {
  return once(sampled, schema, () => fc.sample(arbitraryFor(schema, document), { seed, numRuns }));
}

/** What a validator says of a value: the verdict and each error without its schema path (ajv inlines $refs, the generated code calls them). */
function verdict(fn: { (data: unknown): boolean | Promise<unknown>; errors?: unknown }, value: unknown) {
  const valid = fn(value) as boolean;
  const errors = (
    (fn.errors ?? []) as { instancePath: string; keyword: string; params: unknown; message?: string }[]
  ).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
  return { valid, errors: valid ? [] : errors };
}

type Verdict = ReturnType<typeof verdict>;
/** Field by field strictly equal: where this holds, `expect(a).toEqual(b)` holds too. */
const sameVerdict = (a: Verdict, b: Verdict) =>
  a.valid === b.valid &&
  a.errors.length === b.errors.length &&
  a.errors.every((error, i) => {
    const other = b.errors[i]!;
    return (
      error.instancePath === other.instancePath &&
      error.keyword === other.keyword &&
      error.message === other.message &&
      isDeepStrictEqual(error.params, other.params)
    );
  });

describe('the validators compiled at generate time', () => {
  it('cover every operation of the spec: each path parameter, the request body and every declared status', () => {
    expect(Object.keys(validators.operations).sort()).toEqual(Object.keys(operationRules).sort());
    for (const [id, rules] of Object.entries(operationRules)) {
      const compiled = validators.operations[id]!;
      expect(Object.keys(compiled.pathParameters).sort(), id).toEqual(Object.keys(rules.pathParameters).sort());
      expect(Object.keys(compiled.responses).map(Number).sort(), id).toEqual([...rules.responseStatuses].sort());
      expect(compiled.requestBody !== null, id).toBe(rules.requestBody !== null);
    }
    expect(Object.keys(validators.schemas).sort()).toEqual(Object.keys(spec.components.schemas).sort());
    expect(targets.length).toBeGreaterThan(Object.keys(operationRules).length * 3);
  });

  it('import nothing: no import, require or dynamic import for a bundler to resolve', async () => {
    const file = join(root, 'generated/validators.ts');
    const result = await build({
      entryPoints: [file],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(Object.keys(result.metafile.inputs)).toEqual(['generated/validators.ts']);
    expect(result.metafile.inputs['generated/validators.ts']!.imports).toEqual([]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/^\s*import\s|\bimport\s*\(|^\s*export\s+[^;]*\bfrom\s/m);
    expect(text).not.toMatch(/[^."'_\w]require\s*\(/); // ajv's own `.code = 'require(...)'` strings aside
  });

  it('give the same verdict as the schema on its own examples (a valid example is valid)', () => {
    const contract = createContractValidator();
    for (const [id, rules] of Object.entries(operationRules))
      for (const status of rules.responseStatuses) {
        const response = deref(
          (spec.paths as Record<string, Record<string, Schema>>)[rules.path]![rules.method.toLowerCase()]!
            .responses as Schema,
          spec as Schema,
        );
        const declared = deref(response[String(status)] as Schema, spec as Schema) as {
          content?: Record<string, { examples?: Record<string, { value: unknown }> }>;
        };
        for (const [name, example] of Object.entries(declared.content?.['application/json']?.examples ?? {}))
          expect(
            contract.validateResponse(status, example.value, id as never).violations,
            `${id} ${status} ${name}`,
          ).toEqual([]);
      }
    expect(verdict(validators.world, sandboxData.world)).toEqual({ valid: true, errors: [] });
  });

  const corpus = examples();
  it.each(targets.map((t) => [t.key, t] as const))(
    'agrees with ajv compiling %s live: every example of the spec, and fast-check values',
    (_key, target) => {
      const generated = generatedFor(target.key);
      const live = liveFor(target);
      expect(generated, target.key).toBeTypeOf('function');
      const seen = { valid: 0, invalid: 0 };
      // The same comparison as `expect(...).toEqual(...)` on every value, with that expect only
      // run on a difference: sameVerdict never holds where toEqual fails, and tens of thousands
      // of passing expect() calls were a third of this file's CPU.
      const agrees = (value: unknown, label?: string) => {
        const expected = verdict(live, value);
        const actual = verdict(generated, value);
        if (!sameVerdict(actual, expected)) expect(actual, label).toEqual(expected);
        seen[expected.valid ? 'valid' : 'invalid']++;
      };
      for (const value of corpus) agrees(value, JSON.stringify(value));
      const { schema, document } = schemaAt(target.ref);
      const validFloor = target.key === 'world' ? 0 : 10;
      // A schema of several nested lists (BatchMembers) gets 10 or fewer valid values from about
      // one seed in six: then more values of the same generator, from the next seeds, until the
      // comparison has seen enough of both verdicts (at most ten rounds), never fewer values.
      for (let round = 0; round < 10; round++) {
        const roundSeed = seed + round;
        const values =
          round === 0
            ? valuesFor(schema, document)
            : fc.sample(arbitraryFor(schema, document), { seed: roundSeed, numRuns });
        for (const value of values)
          try {
            agrees(value);
          } catch (difference) {
            // Replays the property through fast-check, for its shrunk counterexample and its seed.
            fc.assert(
              fc.property(arbitraryFor(schema, document), (v) => {
                expect(verdict(generated, v)).toEqual(verdict(live, v));
              }),
              { seed: roundSeed, numRuns },
            );
            throw difference;
          }
        if (seen.valid > validFloor && seen.invalid > 10) break;
      }
      // The corpus and the generated values reach both verdicts, so the comparison says something
      // either way (a schema that admits any string still refuses the spec's objects and numbers).
      expect(seen.invalid, 'invalid values').toBeGreaterThan(10);
      expect(seen.valid, 'valid values').toBeGreaterThan(validFloor);
    },
  );

  it('were compiled with the options the live validators use', () => {
    expect(ajvOptions).toEqual({ allErrors: true, strict: false, validateFormats: true });
  });
});
