// The spec itself: it lints clean at error level, generated/ is current, and every example in it
// is valid against its own schema under a real JSON Schema 2020-12 validator (ajv).
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { errorExamples, exampleIds, type OperationId, operationRules, reasonOf } from '../generated/contract.js';
import { bundleSpecAsync } from '../scripts/bundle-spec.js';
import { overlayProblems } from '../scripts/check-overlays.js';
import { generatedFiles, staleFiles } from '../scripts/generate.js';
import { createContractValidator } from '../src/validate.js';
import { requestExamples, responseExamples, spec } from './support/spec.js';

const run = promisify(execFile);
// Tests that wait on a CLI start (Redocly, the generator) get more than vitest's default: on a
// busy machine a start alone has taken over 30 s. A limit, not a speed goal (that lives in bench/).
const CLI_TIMEOUT = 120_000;
const root = join(import.meta.dirname, '..');
const redocly = join(root, 'node_modules/@redocly/cli/bin/cli.js');

// One ajv (JSON Schema 2020-12, with formats) holding the whole bundle, so a schema's
// `#/components/...` references resolve wherever the schema sits.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(spec as object, 'spec');
/** Compiles a schema of the spec, its local references pointed into the bundle. */
const compileInSpec = (schema: object) =>
  ajv.compile(
    JSON.parse(
      JSON.stringify(schema, (key, value) =>
        key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `spec${value}` : value,
      ),
    ),
  );

/** Runs redocly lint once over several files (one CLI start-up); the output is split per file. */
async function lint(...files: string[]) {
  return run(
    process.execPath,
    [redocly, 'lint', ...files, '--config', join(root, 'redocly.yaml'), '--format', 'stylish'],
    { cwd: root },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

describe('lint', () => {
  // The project's spec and a copy broken on purpose, linted in one run. The spec is split into
  // files, so the copy is the whole folder with one example broken in its component file.
  const dir = mkdtempSync(join(tmpdir(), 'ims-lint-'));
  const brokenRoot = join(dir, 'openapi/openapi.yaml');
  const brokenFile = join(dir, 'openapi/components/responses/MemberUpdated.yaml');
  let linted: ReturnType<typeof lint>;
  beforeAll(() => {
    cpSync(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
    const broken = parse(readFileSync(brokenFile, 'utf8'));
    broken.content['application/json'].examples.accepted.value.status = 'maybe';
    writeFileSync(brokenFile, stringify(broken));
    linted = lint('openapi/openapi.yaml', brokenRoot);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** The stylish format prints each file with problems as a `path:` line followed by indented problems. */
  const problemFiles = (output: string) =>
    [...output.matchAll(/^(\S[^\n]*):\n((?:[ \t]+\d+:\d+[^\n]*\n?)+)/gm)].map((m) => ({
      file: m[1]!,
      problems: m[2]!,
    }));

  it(
    'redocly lint passes on openapi/openapi.yaml and the files it references',
    async () => {
      const { output } = await linted;
      expect(output).toMatch(/^openapi\/openapi\.yaml: validated/m); // it was linted
      expect(problemFiles(output).filter(({ file }) => !resolve(root, file).startsWith(dir))).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    'fails, at error level, on a spec whose example breaks its schema, naming the component file',
    async () => {
      const { code, output } = await linted;
      expect(code).not.toBe(0);
      // The copy has no ignore file of its own: the problems the project's .redocly.lint-ignore.yaml
      // skips show there too, and nothing else may.
      const ignored = parse(readFileSync(join(root, '.redocly.lint-ignore.yaml'), 'utf8')) as Record<
        string,
        Record<string, string[]>
      >;
      const ignoredCount = Object.values(ignored).flatMap((rules) => Object.values(rules).flat()).length;
      const inCopy = problemFiles(output).filter(({ file }) => resolve(root, file).startsWith(dir));
      const [broken, ...others] = inCopy.filter(({ file, problems }) => {
        const rules = Object.keys(ignored[relative(dir, resolve(root, file))] ?? {});
        return problems
          .split('\n')
          .filter((line) => line.trim())
          .some((line) => !rules.some((rule) => line.includes(rule)));
      });
      expect(others).toEqual([]);
      expect(resolve(root, broken!.file)).toBe(brokenFile); // redocly prints paths relative to the working folder
      expect(broken!.problems).toMatch(/error\s+no-invalid-media-type-examples/);
      expect(output).toMatch(new RegExp(`Validation failed with ${1 + ignoredCount} errors?\\.`));
    },
    CLI_TIMEOUT,
  );
});

/** A command's outcome, never a rejection, so it can run in the background until a test reads it. */
const settle = (command: Promise<{ stdout: string; stderr: string }>) =>
  command.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

/**
 * A copy of the project's spec, scripts and configuration in a temporary folder, changed by
 * `change`, where a command runs as it does in the project (node_modules linked, "type": "module").
 */
function projectCopy(prefix: string, change: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
  cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
  cpSync(join(root, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  // Its "type": "module" makes scripts/*.ts ES modules (generate.ts awaits at its top level).
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  change(dir);
  return dir;
}
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

// The project's own spec is checked in-process: bundled once (the Redocly start that
// `npm run generate:check` and the overlay check each made), then given to the generator's and the
// overlay check's own functions. The commands themselves run below on copies broken on purpose,
// where their exit code and message are what is proven; `npm run lint` (CI) runs the overlay check
// on the project too. The commands each take a second or two of start-up: they all start at once, here.
let bundled: Promise<Record<string, unknown>>;
let generated: Promise<Record<string, string>>;
let idempotentCheck: ReturnType<typeof settle>;
let overlaysBroken: ReturnType<typeof settle>;
beforeAll(() => {
  // A copy in which one operation lost its x-idempotent.
  const idempotent = projectCopy('ims-idempotent-', (dir) => {
    const file = join(dir, 'openapi/paths/v2_schemas_member.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}x-idempotent: true\n/m, ''));
  });
  // A copy in which one translated schema was renamed: its file, its entry in the root and every
  // reference to it (the overlays still name the old one).
  const renamed = projectCopy('ims-overlay-', (dir) => {
    const schemas = join(dir, 'openapi/components/schemas');
    renameSync(join(schemas, 'GlanceError.yaml'), join(schemas, 'UpstreamError.yaml'));
    for (const file of readdirSync(join(dir, 'openapi'), { recursive: true, encoding: 'utf8' }))
      if (file.endsWith('.yaml') && !file.startsWith('overlays')) {
        const path = join(dir, 'openapi', file);
        writeFileSync(path, readFileSync(path, 'utf8').replaceAll('GlanceError', 'UpstreamError'));
      }
  });
  copies.push(idempotent, renamed);
  idempotentCheck = settle(
    run(process.execPath, ['--import', 'tsx', join(idempotent, 'scripts/generate.ts'), '--check'], { cwd: idempotent }),
  );
  overlaysBroken = settle(
    run(process.execPath, ['--import', 'tsx', join(renamed, 'scripts/check-overlays.ts')], { cwd: renamed }),
  );
  // A failure to bundle fails the tests that read the bundle, not the file.
  bundled = bundleSpecAsync(root);
  generated = bundled.then((spec) => generatedFiles(spec));
  // Read by the tests, even when one fails first: no unhandled rejection meanwhile.
  generated.catch(() => {});
});

describe('generated/', () => {
  it(
    'is current with the spec (the comparison `npm run generate:check` makes)',
    async () => {
      const files = await generated;
      expect(Object.keys(files)).toContain('contract.ts');
      expect(staleFiles(files)).toEqual([]);
    },
    CLI_TIMEOUT,
  );
});

describe('every example in the spec is valid against its schema', () => {
  const contract = createContractValidator();

  for (const [name, example] of Object.entries(requestExamples)) {
    it(`request example "${name}"`, () => {
      expect(contract.validateRequestBody(example.value, 'updateImageMemberStatus').violations).toEqual([]);
    });
  }

  for (const { status, examples } of responseExamples) {
    for (const [name, example] of Object.entries(examples)) {
      it(`${status} example "${name}"`, () => {
        expect(contract.validateResponse(status, example.value, 'updateImageMemberStatus').violations).toEqual([]);
      });
    }
  }

  // Parameter, header and property `example`s: each against the schema beside it.
  const withExample: [string, { example: unknown; schema: object }][] = [];
  (function collect(node: unknown, path: string) {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if ('example' in n && 'schema' in n) withExample.push([path, { example: n.example, schema: n.schema as object }]);
    else if ('example' in n && ('type' in n || 'const' in n)) {
      const { example, ...schema } = n;
      withExample.push([path, { example, schema }]);
    }
    for (const [key, value] of Object.entries(n))
      if (key !== 'examples' && key !== 'example') collect(value, `${path}/${key}`);
  })(spec.components, '#/components');

  it('finds the inline examples to check', () => {
    expect(withExample.length).toBeGreaterThanOrEqual(8);
  });
  for (const [path, { example, schema }] of withExample) {
    it(`inline example at ${path}`, () => {
      const validate = compileInSpec(schema);
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it('the validator rejects a body that breaks the contract, naming path and rule', () => {
    const { valid, violations } = contract.validateResponse(200, { status: 'maybe' }, 'updateImageMemberStatus');
    expect(valid).toBe(false);
    expect(violations).toContainEqual(expect.objectContaining({ path: '$.status', rule: 'enum' }));
    expect(violations).toContainEqual(expect.objectContaining({ path: '$', rule: 'required' }));
  });
});

describe.concurrent('overlays', () => {
  it(
    'every overlay action still targets a node of the spec',
    async () => {
      const { checked, problems } = overlayProblems(await bundled);
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    },
    CLI_TIMEOUT,
  );

  // The Chinese page's wording (nothing left in English) is checked on the very bundle the docs
  // render from, in test/docs.test.ts.

  it(
    'a target the spec no longer has fails the check, naming it',
    async () => {
      const failed = await overlaysBroken;
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/targets \$\.components\.schemas\.GlanceError, which matches nothing/);
    },
    CLI_TIMEOUT,
  );
});

describe('the mock cookbook in docs/mock.md', () => {
  // One table per operation, under a `### <operationId>` heading: each row names the status it
  // asks for (200 when none) and every example it names.
  const doc = readFileSync(join(root, 'docs/mock.md'), 'utf8');
  const cookbook = doc.slice(
    doc.indexOf('## The mock cookbook'),
    doc.indexOf('\n## ', doc.indexOf('## The mock cookbook') + 1),
  );
  const named = cookbook
    .split(/^### /m)
    .slice(1)
    .flatMap((section) => {
      const id = section.slice(0, section.indexOf('\n')).replaceAll('`', '').trim();
      return section
        .split('\n')
        .filter((line) => line.startsWith('|') && /example=|code=/.test(line))
        .flatMap((line) => {
          const status = Number(/code=(\d{3})/.exec(line)?.[1] ?? 200);
          return [...line.matchAll(/example=(\w+)/g)].map((m) => `${id} ${status} ${m[1]}`);
        });
    });
  const declared = () =>
    operations.flatMap(({ id, responses }) =>
      responses.map(({ status, media }) => ({ id, status, names: Object.keys(media?.examples ?? {}) })),
    );

  it('names only examples the spec has, under the operation and status that have them', () => {
    const pairs = declared().flatMap(({ id, status, names }) => names.map((name) => `${id} ${status} ${name}`));
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((entry) => !pairs.includes(entry))).toEqual([]);
  });

  it('reaches every example the spec has: by name, or as the first of its status', () => {
    const unreachable = declared().flatMap(({ id, status, names }) =>
      names
        .slice(1)
        .filter((name) => !named.includes(`${id} ${status} ${name}`))
        .map((name) => `${id} ${status} ${name}`),
    );
    expect(unreachable).toEqual([]);
  });
});

/** Every operation of the bundled spec, with its responses' and request body's named examples, `$ref`s followed. */
type Examples = Record<string, { value: unknown; 'x-reason'?: string }>;
type MediaType = { schema: object; examples?: Examples };
const follow = <T>(node: unknown): T => {
  const ref = (node as { $ref?: string }).$ref;
  return (
    ref
      ? ref
          .slice(2)
          .split('/')
          .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec)
      : node
  ) as T;
};
const operations = Object.entries(spec.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
  ([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      id: operation.operationId as OperationId,
      path,
      method,
      operation,
      requestBody: operation.requestBody
        ? follow<{ content: Record<string, MediaType> }>(operation.requestBody).content['application/json']!
        : undefined,
      responses: Object.entries(operation.responses as Record<string, unknown>).map(([status, ref]) => ({
        status: Number(status),
        media: follow<{ content?: Record<string, MediaType> }>(ref).content?.['application/json'],
      })),
    })),
);

describe('every operation', () => {
  // One compiled validator per schema: the examples of a response share its schema, and compiling
  // it anew for each (ajv caches by object, and compileInSpec makes a new one) was most of this
  // file's time. Every example is still validated, each against its own schema.
  const compiled = new Map<object, ReturnType<typeof compileInSpec>>();
  const validatorOf = (schema: object) => {
    const known = compiled.get(schema);
    if (known) return known;
    const validate = compileInSpec(schema);
    compiled.set(schema, validate);
    return validate;
  };

  it('the spec has the operations others build on, in the order the docs show', () => {
    expect(operations.map(({ id }) => id)).toEqual([
      'updateImageMemberStatus',
      'showImageMember',
      'deleteImageMember',
      'showMemberSchema',
      'listImageMembers',
      'addImageMember',
      'showMembersSchema',
      'batchUpdateImageMembers',
      'batchAddImageMembers',
      'batchDeleteImageMembers',
      'showJobProgress',
      'showJob',
      'listImageMembersV1',
      'showImageMemberV1',
      'listVersions',
      'listVersionsDocument',
      'listImages',
      'showImage',
      'showImageSchema',
      'showImagesSchema',
    ]);
  });

  for (const { id, requestBody, responses } of operations) {
    for (const [name, example] of Object.entries(requestBody?.examples ?? {}))
      it(`${id}: request example "${name}" is valid against its schema`, () => {
        const validate = validatorOf(requestBody!.schema);
        expect(validate(example.value), JSON.stringify(validate.errors)).toBe(true);
      });
    for (const { status, media } of responses)
      for (const [name, example] of Object.entries(media?.examples ?? {}))
        it(`${id}: ${status} example "${name}" is valid against its schema`, () => {
          const validate = validatorOf(media!.schema);
          expect(validate(example.value), JSON.stringify(validate.errors)).toBe(true);
        });
  }

  it('every declared status has at least one named example (a 204 has no body to show)', () => {
    const bare = operations.flatMap(({ id, responses }) =>
      responses
        .filter(({ status, media }) => status !== 204 && Object.keys(media?.examples ?? {}).length === 0)
        .map(({ status }) => `${id} ${status}`),
    );
    expect(bare).toEqual([]);
  });

  it('the batch body refuses what the contract says, by its own schema', () => {
    const batch = operations.find(({ id }) => id === 'batchUpdateImageMembers')!;
    const validate = validatorOf(batch.requestBody!.schema);
    const image = exampleIds.image_id;
    const ok = { images: [image], project_id: exampleIds.project_id, status: 'accepted' };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, vault_id: 'v' })).toBe(true);
    for (const bad of [
      { ...ok, images: [] }, // at least one
      { ...ok, images: [image, image] }, // no ID twice
      { ...ok, images: ['not-a-uuid'] },
      { ...ok, status: 'rejected', vault_id: 'v' }, // no vault on a reject
      { ...ok, status: 'pending' },
      { images: ok.images, status: 'accepted' }, // project_id required
      { ...ok, extra: 1 },
    ])
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('generated operation rules', () => {
  it('carry x-idempotent and deprecated from each operation', () => {
    for (const { id, operation } of operations) {
      expect(typeof operation['x-idempotent'], id).toBe('boolean');
      expect(operationRules[id].idempotent, id).toBe(operation['x-idempotent']);
      expect(operationRules[id].deprecated, id).toBe(operation.deprecated === true);
    }
    // The choices the descriptions explain: a resent batch starts a second job; reads are safe.
    expect(operationRules.batchUpdateImageMembers.idempotent).toBe(false);
    expect(operationRules.updateImageMemberStatus).toMatchObject({ idempotent: true, deprecated: true });
    expect(operationRules.showJob).toMatchObject({ idempotent: true, deprecated: true });
    expect(operationRules.showJobProgress).toMatchObject({ idempotent: true, deprecated: false });
  });

  it('keep the array, enum and format rules of the body and the parameters', () => {
    const images = operationRules.batchUpdateImageMembers.requestBody.variants.accepted.properties.images;
    expect(images).toMatchObject({ type: 'array', minItems: 1, uniqueItems: true });
    expect(images.items).toMatchObject({ type: 'string', format: 'uuid' });
    expect(new RegExp(images.items.pattern).test(exampleIds.image_id)).toBe(true);
    expect('maxItems' in images).toBe(false); // no maximum, as the description says
    expect(operationRules.batchUpdateImageMembers.requestBody.variants.rejected.properties).not.toHaveProperty(
      'vault_id',
    );
    expect(operationRules.updateImageMemberStatus.pathParameters.image_id.format).toBe('uuid');
    expect(operationRules.showJob.pathParameters).toHaveProperty('project_id');
    expect(operationRules.showJobProgress.requestBody).toBeNull();
  });

  it(
    'refuse an operation without x-idempotent, naming it',
    async () => {
      const failed = await idempotentCheck;
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/showMemberSchema: x-idempotent must be true or false/);
    },
    CLI_TIMEOUT,
  );
});

describe('reasonOf', () => {
  const errorExamplesOf = operations.flatMap(({ id, responses }) =>
    responses
      .filter(({ status }) => status >= 400)
      .flatMap(({ status, media }) =>
        Object.entries(media!.examples!).map(([name, example]) => ({ id, status, name, example })),
      ),
  );

  it('has error examples of every operation to try', () => {
    // Version discovery takes no identity and no input: it has no error to declare.
    const withErrors = operations.filter(({ id }) => !id.startsWith('listVersions'));
    expect(new Set(errorExamplesOf.map(({ id }) => id)).size).toBe(withErrors.length);
    expect(errorExamplesOf.length).toBeGreaterThan(30);
  });

  for (const { id, status, name, example } of errorExamplesOf)
    it(`${id} ${status} "${name}" maps back to ${example['x-reason'] ?? 'its own name'}`, () => {
      expect(reasonOf(id, status, example.value)).toBe(example['x-reason'] ?? name);
    });

  it('every reason is snake_case and in ErrorReason, and x-reason names a reason that has its own example', () => {
    const names = new Set(errorExamplesOf.map(({ name }) => name));
    for (const { name, example } of errorExamplesOf) {
      const reason = example['x-reason'] ?? name;
      expect(reason).toMatch(/^[a-z][a-z0-9_]*$/);
      if (example['x-reason']) expect(names.has(example['x-reason']), `${name} -> ${example['x-reason']}`).toBe(true);
    }
    const reasons = Object.values(errorExamples).flatMap((byStatus) => Object.values(byStatus).flat());
    expect(new Set(reasons.map((e) => e.reason))).toEqual(
      new Set(errorExamplesOf.map(({ name, example }) => example['x-reason'] ?? name)),
    );
  });

  // Real Glance's words (its 25.1 answers) about other images and members than the examples'.
  const glance = (status: string, message: string) => ({
    code: status,
    title: status.slice(4),
    message: `${message}<br /><br />\n\n\n`,
  });
  const otherImage = '1bed4fa5-62c2-4a3f-9d3b-000000000001';
  const otherMember = '0123456789abcdef0123456789abcdef';
  it.each([
    [404, glance('404 Not Found', `Image ${otherImage} not found.`), 'image_not_found'],
    [
      404,
      glance('404 Not Found', `${otherMember} not found in the member list of the image ${otherImage}.`),
      'member_not_found',
    ],
    [
      404,
      glance('404 Not Found', `some-tenant-name not found in the member list of the image ${otherImage}.`),
      'member_not_found',
    ],
    [403, glance('403 Forbidden', `Not allowed to update members for image ${otherImage}.`), 'owner_cannot_set_status'],
    [
      400,
      glance('400 Bad Request', 'Incorrect request: Status must be "pending", "accepted" or "rejected".'),
      'invalid_status',
    ],
    [400, glance('400 Bad Request', 'Status not specified'), 'status_missing'],
    [400, glance('400 Bad Request', 'Body expected in request.'), 'body_empty'],
    [400, glance('400 Bad Request', 'Malformed JSON in request body.'), 'request_invalid'],
    [400, glance('400 Bad Request', 'Expected a status in the form: {"status": "status"}'), 'request_invalid'],
    [400, glance('400 Bad Request', 'Something Glance may say one day'), 'request_invalid'], // x-generic
    [401, glance('401 Unauthorized', 'This server could not verify that you are authorized.'), 'token_invalid'],
    [500, glance('500 Internal Server Error', 'The server has either erred.'), 'internal_error'],
  ])('recognises a real Glance %i about other IDs (%#)', (status, body, reason) => {
    expect(reasonOf('updateImageMemberStatus', status, body)).toBe(reason);
  });

  it('tells IMS and gateway answers apart by code, then by message, then by the generic reason', () => {
    const ims = (code: string, message: string) => ({ error: { code, message } });
    expect(reasonOf('updateImageMemberStatus', 400, ims('IMG.0188', 'any words'))).toBe('vault_unavailable');
    expect(reasonOf('updateImageMemberStatus', 400, ims('IMG.0001', 'The request message format is invalid.'))).toBe(
      'request_invalid',
    );
    expect(
      reasonOf(
        'updateImageMemberStatus',
        400,
        ims('IMG.0001', "Invalid request format: 'status' is a required property."),
      ),
    ).toBe('status_missing');
    expect(
      reasonOf('updateImageMemberStatus', 401, {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: token expired',
      }),
    ).toBe('token_invalid');
    expect(reasonOf('showJobProgress', 404, ims('IMG.0023', 'No job with ID 0f0f.'))).toBe('job_not_found');
    expect(reasonOf('showJob', 500, ims('IMG.0023', 'anything'))).toBe('job_query_failed');
    expect(reasonOf('batchUpdateImageMembers', 403, ims('IMG.0067', 'x'))).toBe('project_id_mismatch');
  });

  it('gives no reason for what the spec does not declare', () => {
    expect(reasonOf('updateImageMemberStatus', 400, { error: { code: 'IMG.9999', message: 'x' } })).toBeUndefined();
    expect(reasonOf('updateImageMemberStatus', 418, { error: { code: 'IMG.0001', message: 'x' } })).toBeUndefined();
    expect(
      reasonOf('showMemberSchema', 404, { code: '404 Not Found', title: 'Not Found', message: 'x' }),
    ).toBeUndefined();
    // v1 calls are IMS's own: a Glance-shaped body is not one of their declared answers
    expect(reasonOf('showJob', 404, glance('404 Not Found', `Image ${otherImage} not found.`))).toBeUndefined();
    for (const body of [null, undefined, 'Image not found', 42, [], { message: 'no code' }])
      expect(reasonOf('updateImageMemberStatus', 404, body)).toBeUndefined();
  });
});
