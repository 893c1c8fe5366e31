// Benchmark 3: size. Bundles each entry point with esbuild (ESM, minified, for browsers) and
// gzips it: the default entry (client + openapi-fetch, no validator) and the validator entry,
// beside openapi-fetch alone; what a consumer's `npm install` of the packed package puts in its
// node_modules; and the installed size of Huawei's own SDK core with its dependencies, for comparison.
// `node bench/size.mjs --install` measures the consumer install alone.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fmt, projectRoot } from './lib.mjs';

/** The entry's own chunk, minified and gzipped; chunks it only imports lazily are reported apart. */
async function bundled(label, contents, lazyWhat = '', { root = projectRoot, external = [] } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    absWorkingDir: root,
    external,
    bundle: true,
    splitting: true,
    outdir: '/virtual',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // A bundle for browsers must never reach node:crypto: '#crypto' has to resolve to the Web Crypto file.
  const inputs = Object.keys(result.metafile.inputs);
  const nodeOnly = inputs.filter((file) => /crypto-node|^node:/.test(file));
  const code = result.outputFiles.map((f) => f.text).join('\n');
  if (nodeOnly.length || /["']node:/.test(code)) throw new Error(`${label}: the browser bundle reaches ${nodeOnly}`);
  const [entry, ...lazy] = result.outputFiles.sort((a, b) =>
    a.path.includes('entry') ? -1 : b.path.includes('entry') ? 1 : 0,
  );
  const gz = (file) => gzipSync(file.contents, { level: 9 }).length / 1000;
  return {
    name: label,
    inputs,
    minified: entry.contents.length / 1000,
    gzipped: gz(entry),
    lazy: lazy.map((f) => gz(f)),
    lazyWhat,
  };
}

/** Bytes of every file under a folder, and the disk space they take as `du` counts it (blocks, folders too). */
function du(dir, total = { bytes: 0, disk: statSync(dir).blocks * 512 }) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = statSync(path);
    total.disk += stat.blocks * 512;
    if (entry.isDirectory()) du(path, total);
    else total.bytes += stat.size;
  }
  return total;
}

/** Every package folder under a node_modules, nested and scoped ones included. */
function packagesIn(nodeModules) {
  const found = [];
  if (!existsSync(nodeModules)) return found;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(nodeModules, entry.name);
    const dirs = entry.name.startsWith('@') ? readdirSync(dir).map((name) => join(dir, name)) : [dir];
    for (const pkg of dirs) {
      if (!existsSync(join(pkg, 'package.json'))) continue;
      found.push(pkg, ...packagesIn(join(pkg, 'node_modules')));
    }
  }
  return found;
}

/**
 * What a consumer gets: the package packed with `npm pack` (which builds it), installed from the
 * tarball into an empty project with npm's defaults (optional peers left out), counted on disk.
 */
export function consumerInstall() {
  const work = mkdtempSync(join(tmpdir(), 'ims-size-'));
  try {
    const quiet = {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false' },
    };
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], quiet);
    const tarball = join(
      work,
      readdirSync(work).find((f) => f.endsWith('.tgz')),
    );
    const consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        dependencies: { 'ims-image-member-status': `file:${tarball}` },
      }),
    );
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      ...quiet,
      cwd: consumer,
    });
    const nodeModules = join(consumer, 'node_modules');
    const packages = packagesIn(nodeModules).map((dir) => dir.slice(nodeModules.length + 1));
    return { packages, ...du(nodeModules) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The same measurement on the package as it was before ajv and ajv-formats became optional peers
// (commit c72fb43): ajv, ajv-formats, fast-deep-equal, fast-uri, ims-image-member-status,
// json-schema-traverse, openapi-fetch, openapi-typescript-helpers, require-from-string.
const BEFORE = { packages: 9, bytes: 1_800_000, disk: 3.68 * 2 ** 20 };

/** Bytes on disk of a package and everything it depends on, each package counted once. */
function installedSize(name) {
  const seen = new Set();
  let bytes = 0;
  const du = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') du(path);
      } else bytes += statSync(path).size;
    }
  };
  const visit = (pkg, from) => {
    let dir;
    try {
      dir = dirname(createRequire(join(from, 'package.json')).resolve(`${pkg}/package.json`));
    } catch {
      // packages without an exported package.json: find the folder by walking up node_modules
      for (let at = from; ; at = dirname(at)) {
        const candidate = join(at, 'node_modules', pkg);
        if (existsSync(join(candidate, 'package.json'))) {
          dir = candidate;
          break;
        }
        if (dirname(at) === at) return;
      }
    }
    if (seen.has(dir)) return;
    seen.add(dir);
    du(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
  };
  visit(name, projectRoot);
  return { bytes, packages: seen.size };
}

/**
 * The mocks as a Vite app's dev-only chunk holds them (docs/vite.md): MSW's worker, the handlers
 * and the sandbox. Measured with MSW, and without it (`msw` left external) for the package's own
 * share. `root` is a checkout of the project: `--root DIR` measures another commit the same way.
 */
export async function mocks(root = projectRoot) {
  const contents = `import { setupWorker } from 'msw/browser';
import { createImsHandlers } from './src/msw.ts';
import { createSandbox } from './src/sandbox/index.ts';
export const start = () => setupWorker(...createImsHandlers({ sandbox: createSandbox() })).start();`;
  const withMsw = await bundled('mocks chunk (MSW worker + ./msw + ./sandbox)', contents, '', { root });
  const own = await bundled("the package's share of it (msw external)", contents, '', { root, external: ['msw'] });
  const total = (r) => r.gzipped + r.lazy.reduce((a, b) => a + b, 0);
  const ajv = (r) => r.inputs.some((file) => /node_modules\/ajv/.test(file));
  return [withMsw, own].map((r) => ({ ...r, total: total(r), ajv: ajv(r) }));
}

// The mocks as they weighed before the validators were compiled at generate time (commit f187352,
// `node bench/size.mjs --mocks --root DIR` on a copy of it with this node_modules): ajv and
// ajv-formats in chunks of their own, imported at load, and the spec's schemas compiled there.
// The spec then had one operation; with that one operation and the validators compiled (commit
// f3b76e3, before the v1 operations were merged) they weighed 164.12 and 21.20 kB. Every
// operation the spec gains adds its validators and its examples.
const MOCKS_BEFORE = { withMsw: 201.22, own: 58.29 };

export async function run() {
  const rows = [
    await bundled('default entry (client + openapi-fetch)', `export * from './src/index.ts';`, 'the AK/SK signer'),
    await bundled(
      'validator entry (./validate: compiled validators)',
      `export * from './src/validate.ts';`,
      'none expected',
    ),
    await bundled('openapi-fetch alone', `export { default } from 'openapi-fetch';`),
  ].map((r) => ({
    benchmark: 'size',
    name: r.name,
    unit: 'kB',
    median: r.gzipped,
    detail:
      `${fmt(r.minified, 1)} kB minified, ${fmt(r.gzipped, 2)} kB gzipped (esbuild, ESM, browser)` +
      (r.lazy.length
        ? `; plus ${r.lazy.map((kb) => `${fmt(kb, 2)} kB`).join(', ')} gzipped in separate chunks (${r.lazyWhat})`
        : ''),
    minifiedKB: r.minified,
    gzippedKB: r.gzipped,
    command: 'npm run bench:size',
  }));
  for (const [r, before] of (await mocks()).map((r, i) => [r, i === 0 ? MOCKS_BEFORE.withMsw : MOCKS_BEFORE.own]))
    rows.push({
      benchmark: 'size',
      name: r.name,
      unit: 'kB',
      median: r.total,
      detail:
        `${fmt(r.total, 2)} kB gzipped in all (${fmt(r.gzipped, 2)} kB entry` +
        `${r.lazy.length ? ` + ${r.lazy.map((kb) => `${fmt(kb, 2)} kB`).join(' + ')} in chunks` : ''}), ` +
        `${r.ajv ? 'with' : 'no'} ajv; before the validators were compiled at generate time (one operation, ajv): ${fmt(before, 2)} kB`,
      gzippedKB: r.total,
      command: 'npm run bench:size',
    });
  const consumer = consumerInstall();
  rows.push({
    benchmark: 'size',
    name: "a consumer's install of the packed package",
    unit: 'MB',
    median: consumer.disk / 2 ** 20,
    detail:
      `${consumer.packages.length} packages (${consumer.packages.join(', ')}), ${fmt(consumer.bytes / 1e6, 2)} MB of files, ` +
      `${fmt(consumer.disk / 2 ** 20, 2)} MiB on disk as du counts it; before ajv became an optional peer: ` +
      `${BEFORE.packages} packages, ${fmt(BEFORE.bytes / 1e6, 2)} MB of files, ${fmt(BEFORE.disk / 2 ** 20, 2)} MiB on disk`,
    packages: consumer.packages,
    bytes: consumer.bytes,
    command: 'npm run bench:size',
  });
  const sdk = installedSize('@huaweicloud/huaweicloud-sdk-core');
  rows.push({
    benchmark: 'size',
    name: 'Huawei SDK core, installed',
    unit: 'MB',
    median: sdk.bytes / 1e6,
    detail: `@huaweicloud/huaweicloud-sdk-core and its dependencies: ${sdk.packages} packages on disk (not bundled)`,
    command: 'npm run bench:size',
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--mocks')) {
    const at = process.argv.indexOf('--root');
    for (const r of await mocks(at > 0 ? process.argv[at + 1] : projectRoot))
      console.log(
        `${r.name.padEnd(48)} ${fmt(r.total, 2)} kB gzipped in all (entry ${fmt(r.gzipped, 2)} kB, chunks ${r.lazy.map((kb) => fmt(kb, 2)).join(' + ') || 'none'}), ${r.ajv ? 'with' : 'no'} ajv`,
      );
  } else if (process.argv.includes('--install')) {
    const { packages, bytes, disk } = consumerInstall();
    console.log(
      `consumer install: ${packages.length} packages (${packages.join(', ')}), ${fmt(bytes / 1e6, 2)} MB of files, ${fmt(disk / 2 ** 20, 2)} MiB on disk`,
    );
  } else {
    console.log('Bundling each entry point with esbuild (minified) and gzipping it; packing and installing ...');
    for (const row of await run())
      console.log(
        `${row.name.padEnd(44)} ${row.detail}${row.name.includes('installed') ? `: ${fmt(row.median, 1)} MB` : ''}`,
      );
  }
}
