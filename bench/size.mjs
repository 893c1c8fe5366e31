// Benchmark 3: size. Bundles each entry point with esbuild (ESM, minified, for browsers) and
// gzips it: the default entry (client + openapi-fetch, no validator) and the validator entry,
// beside openapi-fetch alone; and the installed size of Huawei's own SDK core with its
// dependencies, for comparison.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fmt, projectRoot } from './lib.mjs';

/** The entry's own chunk, minified and gzipped; chunks it only imports lazily are reported apart. */
async function bundled(label, contents) {
  const result = await build({
    stdin: { contents, resolveDir: projectRoot, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    splitting: true,
    outdir: '/virtual',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const [entry, ...lazy] = result.outputFiles.sort((a, b) =>
    a.path.includes('entry') ? -1 : b.path.includes('entry') ? 1 : 0,
  );
  const gz = (file) => gzipSync(file.contents, { level: 9 }).length / 1000;
  return { name: label, minified: entry.contents.length / 1000, gzipped: gz(entry), lazy: lazy.map((f) => gz(f)) };
}

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

export async function run() {
  const rows = [
    await bundled('default entry (client + openapi-fetch)', `export * from './src/index.ts';`),
    await bundled('validator entry (./validate: ajv + spec)', `export * from './src/validate.ts';`),
    await bundled('openapi-fetch alone', `export { default } from 'openapi-fetch';`),
  ].map((r) => ({
    benchmark: 'size',
    name: r.name,
    unit: 'kB',
    median: r.gzipped,
    detail:
      `${fmt(r.minified, 1)} kB minified, ${fmt(r.gzipped, 2)} kB gzipped (esbuild, ESM, browser)` +
      (r.lazy.length
        ? `; plus ${r.lazy.map((kb) => `${fmt(kb, 2)} kB`).join(', ')} gzipped loaded only on demand (the AK/SK signer)`
        : ''),
    minifiedKB: r.minified,
    gzippedKB: r.gzipped,
    command: 'npm run bench:size',
  }));
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
  console.log('Bundling each entry point with esbuild (minified) and gzipping it ...');
  for (const row of await run())
    console.log(
      `${row.name.padEnd(44)} ${row.detail}${row.name.includes('installed') ? `: ${fmt(row.median, 1)} MB` : ''}`,
    );
}
