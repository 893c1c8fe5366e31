// docs/vite.md's recipe, held: a minimal Vite + TypeScript app, its files taken from the page's
// code blocks as a frontend developer would copy them, installed against the PACKED tarball (no ajv anywhere: the
// validators are compiled in the package), `npx msw init public`, built by Vite in production
// mode twice and run in Debian's Chromium:
//   - `vite build`: the mocks are behind `import.meta.env.DEV || MODE === 'mocks'`, so the
//     production bundle holds no mocks chunk and no MSW, and the page starts without them;
//   - `vite build --mode mocks`: the same app with the mocks in a chunk of their own, loaded by
//     the dynamic import; the page accepts, rejects and meets `vault_id_required` through the
//     MSW worker answering from the sandbox. The chunk's weight is printed;
//   - `vite` (the dev server, on a free loopback port): the mocks start and answer.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { Manifest } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds } from '../../generated/contract.js';
import { defaultWorld } from '../../src/sandbox/index.js';
import { packOnce, run } from '../support/pack.js';
import { launch, serve } from './support.js';

const root = join(import.meta.dirname, '../..');
let work: string;
let app: string;
let browser: Browser;

/** The files docs/vite.md shows, by path: every fenced block whose info string names a `file=`. */
function filesOfThePage(): Record<string, string> {
  const page = readFileSync(join(root, 'docs/vite.md'), 'utf8');
  const blocks = [...page.matchAll(/^```\w+ file=(\S+)\n([\s\S]*?)^```$/gm)];
  return Object.fromEntries(blocks.map(([, path, text]) => [path!, text!]));
}

// The page's src/app.ts is an example of an app; the test's own app walks the scenarios and
// reports them. It keeps the page's signature (main.ts calls it), and the page's example is
// type-checked beside it.
const walkingApp = `import { createImsClient, ImsError, type Member } from 'ims-image-member-status';

async function outcome(call: Promise<Member>) {
  try {
    const member = await call;
    return { ok: true, status: member.status };
  } catch (error) {
    if (!(error instanceof ImsError)) throw error;
    return { ok: false, kind: error.kind, status: (error as { status?: number }).status, reason: (error as { reason?: string }).reason };
  }
}

export async function startApp(mocked: boolean) {
  const params = new URLSearchParams(location.search);
  const results: Record<string, unknown> = { mocked };
  try {
    if (mocked) {
      const ims = createImsClient({ region: 'cn-north-4', token: 'any-token', retry: false });
      const [image, member, fullEcs, vault] = ['image', 'member', 'fullEcs', 'vault'].map((name) => params.get(name)!);
      results.accept = await outcome(ims.acceptSharedImage(image, member));
      results.reject = await outcome(ims.rejectSharedImage(image, member));
      results.fullEcsWithoutVault = await outcome(ims.acceptSharedImage(fullEcs, member));
      results.fullEcsWithVault = await outcome(ims.acceptSharedImage(fullEcs, member, { vaultId: vault }));
    }
  } catch (error) {
    results.crashed = String(error);
  }
  const pre = document.createElement('pre');
  pre.id = 'results';
  pre.textContent = JSON.stringify(results);
  document.body.append(pre);
  document.title = 'done';
}
`;

const devDependencies = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;

/** Builds the app with its own `vite build` into `outDir`; returns Vite's manifest of what it wrote. */
async function viteBuild(mode: 'production' | 'mocks', outDir: string, nodeEnv?: string) {
  const vite = join(app, 'node_modules/vite/bin/vite.js');
  const built = await run(
    process.execPath,
    [vite, 'build', '--mode', mode, '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn'],
    app,
    // Vitest sets NODE_ENV=test, and Vite takes a NODE_ENV it is given over the mode: a "production"
    // build would then keep import.meta.env.DEV true, and the mocks. A developer's shell has none.
    { NODE_ENV: nodeEnv },
  );
  expect(built.code, built.output).toBe(0);
  return JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** Every JavaScript file of a build, with its text. */
function scripts(outDir: string, manifest: Manifest) {
  return Object.values(manifest)
    .filter((chunk) => chunk.file.endsWith('.js'))
    .map((chunk) => ({ chunk, text: readFileSync(join(outDir, chunk.file), 'utf8') }));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ims-vite-'));
  const tarball = await packOnce(work);
  app = join(work, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'vite-app',
      private: true,
      type: 'module',
      dependencies: { 'ims-image-member-status': `file:${tarball}` },
      devDependencies: { msw: devDependencies.msw, typescript: devDependencies.typescript, vite: devDependencies.vite },
    }),
  );
  const files = filesOfThePage();
  expect(Object.keys(files).sort()).toEqual([
    'index.html',
    'src/app.ts',
    'src/main.ts',
    'src/mocks.ts',
    'src/vite-env.d.ts',
    'tsconfig.json',
  ]);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(app, name), text);
  writeFileSync(join(app, 'src/example-app.ts'), files['src/app.ts']!);
  writeFileSync(join(app, 'src/app.ts'), walkingApp);
  const installed = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    app,
  );
  expect(installed.code, installed.output).toBe(0);
  // The worker script, where Vite copies public/ from: what the page tells the reader to run.
  const init = await run('npx', ['--no-install', 'msw', 'init', 'public', '--no-save'], app);
  expect(init.code, init.output).toBe(0);
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (work && !process.env.KEEP_VITE_APP) rmSync(work, { recursive: true, force: true });
});

async function open(outDir: string, query = '') {
  const site = await serve(outDir);
  const page = await browser.newPage();
  const requested: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${site.origin}/${query}`);
    await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 30_000 });
    // The page's own markup is there: the app ran inside docs/vite.md's index.html.
    expect(await page.locator('#out').count()).toBe(1);
    const results = JSON.parse((await page.textContent('#results'))!) as Record<string, unknown>;
    const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
    return { results, requested, errors, worker };
  } finally {
    await page.close();
    await site.close();
  }
}

describe('the Vite recipe (docs/vite.md), against the packed package', () => {
  it('installs with no ajv and type-checks', async () => {
    expect(existsSync(join(app, 'node_modules/ims-image-member-status/package.json'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/ajv'))).toBe(false);
    expect(existsSync(join(app, 'public/mockServiceWorker.js'))).toBe(true);
    const tsc = await run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', '.'], app);
    expect(tsc.code, tsc.output).toBe(0);
  }, 120_000);

  it('vite build (production): no mocks chunk, no MSW, and the page starts without them', async () => {
    const outDir = join(work, 'dist-production');
    const manifest = await viteBuild('production', outDir);
    expect(Object.keys(manifest)).not.toContain('src/mocks.ts');
    const built = scripts(outDir, manifest);
    expect(manifest['index.html']!.dynamicImports ?? []).not.toContain('src/mocks.ts');
    for (const { text } of built) {
      expect(text).not.toMatch(/\[MSW\]|mockServiceWorker|setupWorker/);
      expect(text).not.toMatch(/__sandbox/);
    }
    // The page's trap: the same build with NODE_ENV=test in the environment keeps the mocks.
    const underTest = await viteBuild('production', join(work, 'dist-node-env-test'), 'test');
    expect(Object.keys(underTest)).toContain('src/mocks.ts');
    const { results, requested, errors } = await open(outDir);
    expect(errors).toEqual([]);
    expect(results).toEqual({ mocked: false });
    expect(requested.filter((path) => /mock/i.test(path))).toEqual([]);
  }, 120_000);

  it('vite build --mode mocks: the mocks in a chunk of their own, answering through the MSW worker', async () => {
    const outDir = join(work, 'dist-mocks');
    const manifest = await viteBuild('mocks', outDir);
    const entry = manifest['index.html']!;
    const mocks = manifest['src/mocks.ts']!;
    expect(mocks.isDynamicEntry).toBe(true);
    expect(entry.dynamicImports).toContain('src/mocks.ts');
    // What the mocks add to the page: their chunk and every chunk it alone imports.
    const own = new Set<string>();
    const visit = (key: string) => {
      if (own.has(key) || key === 'index.html') return;
      own.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    visit('src/mocks.ts');
    const gzipped = [...own].reduce(
      (total, key) => total + gzipSync(readFileSync(join(outDir, manifest[key]!.file)), { level: 9 }).length,
      0,
    );
    const entryText = readFileSync(join(outDir, entry.file), 'utf8');
    expect(entryText).not.toMatch(/\[MSW\]|setupWorker/);
    console.log(
      `vite: the mocks chunk(s) weigh ${(gzipped / 1000).toFixed(2)} kB gzipped; ` +
        `the app's entry ${(gzipSync(entryText, { level: 9 }).length / 1000).toFixed(2)} kB`,
    );
    expect(gzipped).toBeGreaterThan(0);

    const fullEcs = defaultWorld.images.find((image) => image.full_ecs_by_cbr)!;
    const vault = fullEcs.members!.find((m) => m.vaults?.length)!.vaults![0]!;
    const query = new URLSearchParams({
      image: exampleIds.image_id,
      member: exampleIds.member_id,
      fullEcs: fullEcs.id,
      vault,
    });
    const { results, requested, errors, worker } = await open(outDir, `?${query}`);
    expect(errors).toEqual([]);
    expect(results).toEqual({
      mocked: true,
      accept: { ok: true, status: 'accepted' },
      reject: { ok: true, status: 'rejected' },
      fullEcsWithoutVault: { ok: false, kind: 'api', status: 400, reason: 'vault_id_required' },
      fullEcsWithVault: { ok: true, status: 'accepted' },
    });
    expect(requested).toContain(`/${mocks.file}`); // loaded by the dynamic import
    expect(worker).toMatch(/\/mockServiceWorker\.js$/); // the worker `msw init` put in public/ controls the page
  }, 120_000);

  it('npx vite (development): the mocks start and answer, with no ajv to pre-bundle', async () => {
    // Vite's dev server from the app's own install, on a free loopback port.
    const { createServer } = (await import(join(app, 'node_modules/vite/dist/node/index.js'))) as typeof import('vite');
    const server = await createServer({
      root: app,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    await server.listen();
    const address = server.httpServer!.address() as AddressInfo;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      const query = new URLSearchParams({ image: exampleIds.image_id, member: exampleIds.member_id });
      await page.goto(`http://127.0.0.1:${address.port}/?${query}`);
      await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 60_000 });
      const results = JSON.parse((await page.textContent('#results'))!) as Record<string, unknown>;
      expect(errors).toEqual([]);
      expect(results).toMatchObject({ mocked: true, accept: { ok: true, status: 'accepted' } });
    } finally {
      await page.close();
      await server.close();
    }
  }, 120_000);
});
