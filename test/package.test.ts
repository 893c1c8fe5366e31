// The package as another repository gets it: packed with `npm pack`, linted by publint and
// @arethetypeswrong/cli, installed from the tarball into a fresh project (dependencies from the
// npm cache that the lock file's install filled), then used there: a correct consumer file
// compiles and runs, and a file of deliberate misuse fails to compile for exactly its mistakes.
// The install pulls in only openapi-fetch, and `./validate` and `./sandbox` work there as they
// are: their validators were compiled when the package was generated, so no ajv is needed at run
// time (nor installed), in Node or in a browser bundle.
// The tests share one packed package and run concurrently: each waits on child processes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds, operationRules } from '../generated/contract.js';
import { regions } from '../src/index.js';
import { packOnce, run } from './support/pack.js';

const memberStatusPath = operationRules.updateImageMemberStatus.path;

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

let work: string;
let tarball: string;
let consumer: string;
/** What reads only the tarball, started as soon as it is packed: it runs while npm installs. */
let publint: ReturnType<typeof run>;
let attw: ReturnType<typeof run>;
let listing: ReturnType<typeof run>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ims-package-'));
  tarball = await packOnce(work);
  publint = run(bin('publint'), ['run', tarball, '--strict'], root);
  attw = run(
    bin('attw'),
    [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './openapi.yaml', '--format', 'ascii'],
    root,
  );
  listing = run('tar', ['-tzf', tarball], work);

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
        skipDefaultLibCheck: true, // TypeScript's own lib files are not ours to check; every package .d.ts still is
        outDir: 'out',
      },
      // One tsc run for both files: consumer.ts must compile clean, misuse.ts must fail.
      files: ['consumer.ts', 'misuse.ts'],
    }),
  );
  writeFileSync(
    join(consumer, 'consumer.ts'),
    `import { createImsClient, ImsApiError, ImsInputError, regions, type Member } from 'ims-image-member-status';
import { signParts } from 'ims-image-member-status/signer';
import type { components, paths } from 'ims-image-member-status/types';
import spec from 'ims-image-member-status/openapi.json' with { type: 'json' };
import { createContractValidator } from 'ims-image-member-status/validate';
import { checkWorld } from 'ims-image-member-status/sandbox';

type Body = components['schemas']['MemberStatusUpdate'];
const accept: Body = { status: 'accepted', vault_id: 'v-1' };
const reject: Body = { status: 'rejected' };
type Path = keyof paths;
const path: Path = ${JSON.stringify(memberStatusPath)};

const ims = createImsClient({ region: 'cn-north-4', token: 't' });
async function use(): Promise<Member> {
  try {
    return await ims.acceptSharedImage(${JSON.stringify(exampleIds.image_id)}, ${JSON.stringify(exampleIds.member_id)}, { vaultId: 'v' });
  } catch (error) {
    if (error instanceof ImsApiError && error.reason === 'vault_id_required') throw new Error('needs a vault');
    throw error;
  }
}
void use;
const refused = await ims.rejectSharedImage('..', 'm').catch((e: unknown) => e);
// ajv is not installed here, and the validators need none: they were compiled at generate time.
const validator = createContractValidator();
createImsClient({ region: 'cn-north-4', token: 't', validator });
const bad = validator.validateResponse(200, { status: 'maybe' }, 'updateImageMemberStatus');
const validate = { valid: bad.valid, rules: bad.violations.map((v) => v.path + ' ' + v.rule) };
const world = checkWorld({ projects: {} }).map((p) => p.path + ' ' + p.rule);
const signed = await signParts({ method: 'PUT', url: 'https://ims.cn-north-4.myhuaweicloud.com/v2/x', body: '{}' }, { ak: 'AK', sk: 'SK', projectId: 'p' }, new Date(0));
console.log(JSON.stringify({ input: refused instanceof ImsInputError ? refused.field : null, regions: regions.length, spec: spec.info.title, path, accept, reject, validate, world, authorization: signed.authorization }));
`,
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
  const install = (cwd: string) =>
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], cwd);
  const installed = await install(consumer);
  expect(installed.code, installed.output).toBe(0);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.concurrent('the packed package', () => {
  it('publint reports no problem in the tarball', async () => {
    const { code, output } = await publint;
    expect(code, output).toBe(0);
    expect(output).toMatch(/All good!/);
  });

  it('@arethetypeswrong/cli reports no problem (ESM-only profile; the YAML file is data, not a module)', async () => {
    const { code, output } = await attw;
    expect(code, output).toBe(0);
    // attw exits 1 on any problem; every marker left must belong to an ignored (CommonJS/node10) resolution.
    const problems = output.split('\n').filter((line) => /💀|❌|⚠️/.test(line) && !/ignored/.test(line));
    expect(problems).toEqual([]);
    expect(output).toMatch(/node16 \(from ESM\): 🟢 \(ESM\)/);
  }, 120_000); // attw reads every .d.ts of every entry point: half a minute on a busy machine

  it('holds the built entry points and the spec, and no tests or sources', async () => {
    const { output } = await listing;
    const files = output.trim().split('\n');
    for (const f of [
      'package/dist/src/index.js',
      'package/dist/generated/validators.js',
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

  // One tsc run: its output is read for both files. It checks every .d.ts of the package
  // (skipLibCheck off), which takes half a minute on a busy two-core machine: its tests wait longer.
  const TSC_TIMEOUT = 180_000;
  let compiled: Promise<{ code: number; output: string }>;
  const tsc = () => {
    compiled ??= run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer);
    return compiled;
  };
  const errorsIn = (output: string, file: string) => output.split('\n').filter((line) => line.startsWith(`${file}(`));

  it(
    'a consumer file compiles against it and runs',
    async () => {
      const { output } = await tsc();
      expect(errorsIn(output, 'consumer.ts')).toEqual([]);
      expect(output).toMatch(/^misuse\.ts\(/m); // the run did check (and fail) the misuse file
      const ran = await run(process.execPath, ['out/consumer.js'], consumer);
      expect(ran.code, ran.output).toBe(0);
      expect(JSON.parse(ran.output)).toMatchObject({
        input: 'image_id',
        regions: regions.length,
        spec: expect.stringContaining('IMS'),
        path: memberStatusPath,
        authorization: expect.stringMatching(
          /^SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
        ),
      });
    },
    TSC_TIMEOUT,
  );

  it(
    'a file of misuse fails to compile, for each of its mistakes',
    async () => {
      const { code, output } = await tsc();
      expect(code).not.toBe(0);
      const errors = errorsIn(output, 'misuse.ts');
      expect(errors.map((line) => Number(/^misuse\.ts\((\d+),/.exec(line)![1]))).toEqual([5, 6, 7]);
      expect(errors[0]).toMatch(/TS2353: .*'vault_id' does not exist/);
      expect(errors[1]).toMatch(/TS2322: Type '"maybe"' is not assignable/);
      expect(errors[2]).toMatch(/TS2561: .*'vault_id' does not exist.*Did you mean to write 'vaultId'/);
    },
    TSC_TIMEOUT,
  );

  it("a consumer's install pulls in the package and openapi-fetch (with its helper types), and no ajv", async () => {
    // npm's record of what it installed (node_modules/.package-lock.json), read instead of a slower `npm ls`.
    const hidden = JSON.parse(readFileSync(join(consumer, 'node_modules/.package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        { dependencies?: Record<string, string>; peerDependencies?: object; peerDependenciesMeta?: object }
      >;
    };
    expect(Object.keys(hidden.packages).sort()).toEqual([
      'node_modules/ims-image-member-status',
      'node_modules/openapi-fetch',
      'node_modules/openapi-typescript-helpers',
    ]);
    const pkg = hidden.packages['node_modules/ims-image-member-status']!;
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['openapi-fetch']);
    expect(Object.keys(pkg.peerDependenciesMeta ?? {})).toEqual(['msw']); // optional, for ./msw alone
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['msw']); // ajv is a build tool now, not a peer
    // What is on disk agrees with npm's view of it.
    const onDisk = readdirSync(join(consumer, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(onDisk.sort()).toEqual(['ims-image-member-status', 'openapi-fetch', 'openapi-typescript-helpers']);
  });

  it(
    'without ajv installed, ./validate and ./sandbox validate as the spec says',
    async () => {
      await tsc();
      const ran = await run(process.execPath, ['out/consumer.js'], consumer);
      expect(ran.code, ran.output).toBe(0);
      const { validate, world } = JSON.parse(ran.output) as { validate: unknown; world: string[] };
      expect(validate).toEqual({ valid: false, rules: expect.arrayContaining(['$.status enum', '$ required']) });
      expect(world).toEqual(['$ required', '$.projects minProperties']);
    },
    TSC_TIMEOUT,
  );

  it('bundled for browsers (esbuild) without ajv installed, ./validate, ./sandbox and ./msw resolve every import', async () => {
    const entry = join(consumer, 'mocks-entry.js');
    writeFileSync(
      entry,
      `export * from 'ims-image-member-status/validate';\nexport * from 'ims-image-member-status/sandbox';\nexport * from 'ims-image-member-status/msw';\n`,
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      absWorkingDir: consumer,
      external: ['msw'], // the one peer ./msw names, not installed in this project
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/ims-image-member-status/dist/generated/validators.js');
    expect(inputs.filter((file) => /ajv/.test(file))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect([...new Set(imports)]).toEqual(['msw']);
  });

  it('bundled for browsers (esbuild), the signer uses Web Crypto and nothing imports node:', async () => {
    const entry = join(consumer, 'browser-entry.js');
    writeFileSync(
      entry,
      `export { signParts } from 'ims-image-member-status/signer';\nexport * from 'ims-image-member-status';\n`,
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      absWorkingDir: consumer,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/ims-image-member-status/dist/src/crypto-web.js');
    expect(inputs.filter((file) => /crypto-node|^node:/.test(file))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).toMatch(/crypto\.subtle\.digest/);
    expect(code).not.toMatch(/node:crypto|createHmac/);
  });
});
