// `npm run build`: compiles src/ and generated/ to dist/ with tsconfig.json, and records a hash of
// everything the compiler read. `npm pack` runs this with --if-stale (its `prepack`): when dist/ was
// built from exactly these inputs, it is not built again, so `npm run build && npm pack` builds once.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from './prism.js';

const stamp = join(projectRoot, 'dist/.build-inputs');

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** A hash of the compiler's inputs: the sources, the config, and the locked compiler version. */
function inputsHash() {
  const hash = createHash('sha256');
  const paths = [...files(join(projectRoot, 'src')), ...files(join(projectRoot, 'generated'))];
  paths.push(join(projectRoot, 'tsconfig.json'), join(projectRoot, 'node_modules/typescript/package.json'));
  for (const path of paths)
    hash.update(relative(projectRoot, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const hash = inputsHash();
const built = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash;
if (ifStale && built && existsSync(join(projectRoot, 'dist/src/index.js'))) {
  console.log('dist/ is already built from these sources (npm run build); not building again.');
  process.exit(0);
}
rmSync(join(projectRoot, 'dist/src'), { recursive: true, force: true });
rmSync(join(projectRoot, 'dist/generated'), { recursive: true, force: true });
rmSync(stamp, { force: true });
const tsc = spawnSync(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
  cwd: projectRoot,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
mkdirSync(join(projectRoot, 'dist'), { recursive: true });
writeFileSync(stamp, `${hash}\n`);
