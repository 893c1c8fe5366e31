// The package as another repository gets it: packed with `npm pack`, linted by publint and
// @arethetypeswrong/cli, installed from the tarball into a fresh project (dependencies from the
// npm cache that the lock file's install filled), then used there: a correct consumer file
// compiles and runs, and a file of deliberate misuse fails to compile for exactly its mistakes.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const run = (command: string, args: string[], cwd: string) =>
  exec(command, args, {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );

let work: string;
let tarball: string;
let consumer: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ims-package-'));
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', work], root); // prepack builds dist/
  expect(packed.code, packed.output).toBe(0);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { 'ims-image-member-status': `file:${tarball}` },
    }),
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        lib: ['ES2022', 'DOM'],
        types: [],
        skipLibCheck: false,
        outDir: 'out',
      },
      files: ['consumer.ts'],
    }),
  );
  writeFileSync(
    join(consumer, 'consumer.ts'),
    `import { createImsClient, ImsApiError, ImsInputError, regions, type Member } from 'ims-image-member-status';
import type { components, paths } from 'ims-image-member-status/types';
import { createContractValidator } from 'ims-image-member-status/validate';
import spec from 'ims-image-member-status/openapi.json' with { type: 'json' };

type Body = components['schemas']['MemberStatusUpdate'];
const accept: Body = { status: 'accepted', vault_id: 'v-1' };
const reject: Body = { status: 'rejected' };
type Path = keyof paths;
const path: Path = '/v2/images/{image_id}/members/{member_id}';

const ims = createImsClient({ region: 'cn-north-4', token: 't', validator: createContractValidator() });
async function use(): Promise<Member> {
  try {
    return await ims.acceptSharedImage('d164b5df-1bc3-4c3f-893e-3e471fd16e64', 'edc89b490d7d4392898e19b2deb34797', { vaultId: 'v' });
  } catch (error) {
    if (error instanceof ImsApiError && error.reason === 'vault_id_required') throw new Error('needs a vault');
    throw error;
  }
}
void use;
const refused = await ims.rejectSharedImage('..', 'm').catch((e: unknown) => e);
console.log(JSON.stringify({ input: refused instanceof ImsInputError ? refused.field : null, regions: regions.length, spec: spec.info.title, path, accept, reject }));
`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.misuse.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['misuse.ts'] }),
  );
  writeFileSync(
    join(consumer, 'misuse.ts'),
    `import { createImsClient } from 'ims-image-member-status';
import type { components } from 'ims-image-member-status/types';

const ims = createImsClient({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
const rejectWithVault: components['schemas']['MemberStatusUpdate'] = { status: 'rejected', vault_id: 'v' }; // MISUSE 1
void ims.updateMemberStatus('i', 'm', { status: 'maybe' }); // MISUSE 2
void ims.acceptSharedImage('i', 'm', { vault_id: 'v' }); // MISUSE 3
void rejectWithVault;
`,
  );
  const installed = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    consumer,
  );
  expect(installed.code, installed.output).toBe(0);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('publint reports no problem', async () => {
    const { code, output } = await run(bin('publint'), ['run', '--strict'], root);
    expect(code, output).toBe(0);
    expect(output).toMatch(/All good!/);
  });

  it('@arethetypeswrong/cli reports no problem (ESM-only profile; the YAML file is data, not a module)', async () => {
    const { code, output } = await run(
      bin('attw'),
      [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './openapi.yaml', '--format', 'ascii'],
      root,
    );
    expect(code, output).toBe(0);
    // attw exits 1 on any problem; every marker left must belong to an ignored (CommonJS/node10) resolution.
    const problems = output.split('\n').filter((line) => /💀|❌|⚠️/.test(line) && !/ignored/.test(line));
    expect(problems).toEqual([]);
    expect(output).toMatch(/node16 \(from ESM\): 🟢 \(ESM\)/);
  });

  it('holds the built entry points and the spec, and no tests or sources', async () => {
    const { output } = await run('tar', ['-tzf', tarball], work);
    const files = output.trim().split('\n');
    for (const f of [
      'package/dist/src/index.js',
      'package/dist/src/index.d.ts',
      'package/dist/src/validate.js',
      'package/dist/src/msw.js',
      'package/dist/generated/types.d.ts',
      'package/dist/generated/openapi.json',
      'package/generated/openapi.yaml',
      'package/LICENSE',
      'package/README.md',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => /\/(test|scripts|bench|node_modules)\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual(
      [],
    );
  });

  it('a consumer file compiles against it and runs', async () => {
    const compiled = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer);
    expect(compiled.code, compiled.output).toBe(0);
    const ran = await run(process.execPath, ['out/consumer.js'], consumer);
    expect(ran.code, ran.output).toBe(0);
    expect(JSON.parse(ran.output)).toMatchObject({
      input: 'image_id',
      regions: 26,
      spec: expect.stringContaining('IMS'),
      path: '/v2/images/{image_id}/members/{member_id}',
    });
  });

  it('a file of misuse fails to compile, for each of its mistakes', async () => {
    const { code, output } = await run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.misuse.json'],
      consumer,
    );
    expect(code).not.toBe(0);
    const errors = output.split('\n').filter((line) => line.startsWith('misuse.ts('));
    expect(errors.map((line) => Number(/^misuse\.ts\((\d+),/.exec(line)![1]))).toEqual([5, 6, 7]);
    expect(errors[0]).toMatch(/TS2353: .*'vault_id' does not exist/);
    expect(errors[1]).toMatch(/TS2322: Type '"maybe"' is not assignable/);
    expect(errors[2]).toMatch(/TS2561: .*'vault_id' does not exist.*Did you mean to write 'vaultId'/);
  });
});
