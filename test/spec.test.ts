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
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createContractValidator } from '../src/validate.js';
import { requestExamples, responseExamples, spec } from './support/spec.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const redocly = join(root, 'node_modules/@redocly/cli/bin/cli.js');

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

  it('redocly lint passes on openapi/openapi.yaml and the files it references', async () => {
    const { output } = await linted;
    expect(output).toMatch(/^openapi\/openapi\.yaml: validated/m); // it was linted
    expect(problemFiles(output).filter(({ file }) => !resolve(root, file).startsWith(dir))).toEqual([]);
  });

  it('fails, at error level, on a spec whose example breaks its schema, naming the component file', async () => {
    const { code, output } = await linted;
    expect(code).not.toBe(0);
    const [broken, ...others] = problemFiles(output);
    expect(others).toEqual([]);
    expect(resolve(root, broken!.file)).toBe(brokenFile); // redocly prints paths relative to the working folder
    expect(broken!.problems).toMatch(/error\s+no-invalid-media-type-examples/);
    expect(output).toMatch(/Validation failed with 1 error\./);
  });
});

/** A command's outcome, never a rejection, so it can run in the background until a test reads it. */
const settle = (command: Promise<{ stdout: string; stderr: string }>) =>
  command.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

// The commands below each take a second or two of start-up: they all start at once, here.
let generateCheck: ReturnType<typeof settle>;
let overlaysCheck: ReturnType<typeof settle>;
beforeAll(() => {
  generateCheck = settle(run(process.execPath, [join(root, 'scripts/generate.mjs'), '--check'], { cwd: root }));
  overlaysCheck = settle(run(process.execPath, [join(root, 'scripts/check-overlays.mjs')], { cwd: root }));
});

describe('generated/', () => {
  it('is current with the spec (npm run generate:check)', async () => {
    const { code, stdout, stderr } = await generateCheck;
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/generated\/ is current/);
  });
});

describe('every example in the spec is valid against its schema', () => {
  const contract = createContractValidator();

  for (const [name, example] of Object.entries(requestExamples)) {
    it(`request example "${name}"`, () => {
      expect(contract.validateRequestBody(example.value).violations).toEqual([]);
    });
  }

  for (const { status, examples } of responseExamples) {
    for (const [name, example] of Object.entries(examples)) {
      it(`${status} example "${name}"`, () => {
        expect(contract.validateResponse(status, example.value).violations).toEqual([]);
      });
    }
  }

  // Parameter, header and property `example`s: each against the schema beside it.
  const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
    ajv: Ajv2020,
  ) => Ajv2020;
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
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
      const validate = ajv.compile(schema);
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it('the validator rejects a body that breaks the contract, naming path and rule', () => {
    const { valid, violations } = contract.validateResponse(200, { status: 'maybe' });
    expect(valid).toBe(false);
    expect(violations).toContainEqual(expect.objectContaining({ path: '$.status', rule: 'enum' }));
    expect(violations).toContainEqual(expect.objectContaining({ path: '$', rule: 'required' }));
  });
});

describe.concurrent('overlays', () => {
  it('every overlay action still targets a node of the spec', async () => {
    const { code, stdout, stderr } = await overlaysCheck;
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Overlays current: \d+ actions/);
  });

  it('a target the spec no longer has fails the check, naming it', async () => {
    // A copy of the project's spec and overlays in which one translated schema was renamed: its
    // file, its entry in the root and every reference to it.
    const dir = mkdtempSync(join(tmpdir(), 'ims-overlay-'));
    try {
      cpSync(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
      cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
      cpSync(join(root, 'redocly.yaml'), join(dir, 'redocly.yaml'));
      const schemas = join(dir, 'openapi/components/schemas');
      renameSync(join(schemas, 'GlanceError.yaml'), join(schemas, 'UpstreamError.yaml'));
      for (const file of readdirSync(join(dir, 'openapi'), { recursive: true, encoding: 'utf8' }))
        if (file.endsWith('.yaml') && !file.startsWith('overlays')) {
          const path = join(dir, 'openapi', file);
          writeFileSync(path, readFileSync(path, 'utf8').replaceAll('GlanceError', 'UpstreamError'));
        }
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      const failed = await run(process.execPath, [join(dir, 'scripts/check-overlays.mjs')], { cwd: dir }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/targets \$\.components\.schemas\.GlanceError, which matches nothing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the mock cookbook (docs/mock.md)', () => {
  const cookbook = readFileSync(join(root, 'docs/mock.md'), 'utf8');
  // Each table row: the status it names (200 when none) and every example it names.
  const named = cookbook
    .split('\n')
    .filter((line) => line.startsWith('|') && /example=|code=/.test(line))
    .flatMap((line) => {
      const status = Number(/code=(\d{3})/.exec(line)?.[1] ?? 200);
      return [...line.matchAll(/example=(\w+)/g)].map((m) => `${status} ${m[1]}`);
    });

  it('names only examples the spec has, under the status that has them', () => {
    const declared = responseExamples.flatMap(({ status, examples }) =>
      Object.keys(examples).map((name) => `${status} ${name}`),
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((pair) => !declared.includes(pair))).toEqual([]);
  });

  it('reaches every example the spec has: by name, or as the first of its status', () => {
    const unreachable = responseExamples.flatMap(({ status, examples }) =>
      Object.keys(examples)
        .slice(1)
        .filter((name) => !named.includes(`${status} ${name}`))
        .map((name) => `${status} ${name}`),
    );
    expect(unreachable).toEqual([]);
  });
});
