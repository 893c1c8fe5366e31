// The spec itself: it lints clean at error level, generated/ is current, and every example in it
// is valid against its own schema under a real JSON Schema 2020-12 validator (ajv).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createContractValidator } from '../src/validate.js';
import { requestExamples, responseExamples, spec } from './support/spec.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const redocly = join(root, 'node_modules/@redocly/cli/bin/cli.js');

async function lint(file: string) {
  return run(process.execPath, [redocly, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'stylish'], {
    cwd: root,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

describe('lint', () => {
  it('redocly lint passes on openapi/openapi.yaml', async () => {
    const { code, output } = await lint('openapi/openapi.yaml');
    expect(output).not.toMatch(/\berror\b.*\n.*openapi\.yaml/i);
    expect(code, output).toBe(0);
  });

  it('fails, at error level, on a spec whose example breaks its schema', async () => {
    const broken = parse(readFileSync(join(root, 'openapi/openapi.yaml'), 'utf8'));
    broken.components.responses.MemberUpdated.content['application/json'].examples.accepted.value.status = 'maybe';
    const dir = mkdtempSync(join(tmpdir(), 'ims-lint-'));
    try {
      writeFileSync(join(dir, 'openapi.yaml'), stringify(broken));
      const { code, output } = await lint(join(dir, 'openapi.yaml'));
      expect(code).not.toBe(0);
      expect(output).toMatch(/no-invalid-media-type-examples/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generated/', () => {
  it('is current with the spec (npm run generate:check)', async () => {
    const { stdout } = await run(process.execPath, [join(root, 'scripts/generate.mjs'), '--check'], { cwd: root });
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

describe('overlays', () => {
  const check = join(root, 'scripts/check-overlays.mjs');
  it('every overlay action still targets a node of the spec', async () => {
    const { stdout } = await run(process.execPath, [check], { cwd: root });
    expect(stdout).toMatch(/Overlays current: \d+ actions/);
  });

  it('a target the spec no longer has fails the check, naming it', async () => {
    // A copy of the project's spec and overlays in which one translated schema was renamed.
    const dir = mkdtempSync(join(tmpdir(), 'ims-overlay-'));
    try {
      const { cpSync } = await import('node:fs');
      cpSync(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
      cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
      const specFile = join(dir, 'openapi/openapi.yaml');
      writeFileSync(specFile, readFileSync(specFile, 'utf8').replaceAll('GlanceError', 'UpstreamError'));
      const { symlinkSync } = await import('node:fs');
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

describe('the README mock cookbook', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const cookbook = readme.slice(
    readme.indexOf('## The mock, and its cookbook'),
    readme.indexOf('## Checking a server'),
  );
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
