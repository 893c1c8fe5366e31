// Prism's CLI as one file, for a start that costs half as much. Loading Prism from node_modules
// resolves, reads and compiles about two thousand CommonJS modules on every start; that was
// most of what each start cost, and `npm test` starts Prism about fifteen times
// (bench/prism-start.mjs measures it). So the same code, concatenated by esbuild, is kept in
// node_modules/.cache/ims-prism/, and scripts/prism-child.mjs runs it with a V8 code cache
// beside it, so that after the first start nothing is parsed or compiled again.
//
// It is the Prism the lock file installed, byte for byte the same functions: the bundle's name
// holds a hash of package-lock.json, of esbuild's version and of this file, so any change to
// them builds a new one. `IMS_PRISM_BUNDLE=off` runs Prism straight from node_modules instead
// (test/prism-bundle.test.ts holds the two to the same answers).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Not imported from ./prism.ts, which imports this file.
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const prismCli = join(projectRoot, 'node_modules/@stoplight/prism-cli/dist/index.js');
const cacheDir = join(projectRoot, 'node_modules/.cache/ims-prism');

/** What to run in the child: the bundle with its code-cache file, or the CLI as installed. */
export interface PrismEntry {
  file: string;
  /** Where the child keeps V8's code cache for `file`; absent for the CLI as installed. */
  codeCache?: string;
}

let building: Promise<PrismEntry> | undefined;

/**
 * The bundle, built once per lock file (and per esbuild and per this file); the CLI as installed
 * when `IMS_PRISM_BUNDLE=off`, or, with a one-line warning, when the bundle cannot be made.
 */
export function prismEntry(env: NodeJS.ProcessEnv = process.env): Promise<PrismEntry> {
  if (env.IMS_PRISM_BUNDLE === 'off') return Promise.resolve({ file: prismCli });
  building ??= ensureBundle().catch((error: Error) => {
    console.error(
      `prism: could not prepare the one-file Prism in ${cacheDir} (${error.message.split('\n')[0]}); ` +
        'starting it from node_modules, which is slower. Set IMS_PRISM_BUNDLE=off to choose that and silence this.',
    );
    return { file: prismCli };
  });
  return building;
}

function bundleKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(projectRoot, 'package-lock.json')));
  hash.update(readFileSync(join(projectRoot, 'node_modules/esbuild/package.json')));
  hash.update(readFileSync(new URL(import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

async function ensureBundle(): Promise<PrismEntry> {
  const key = bundleKey();
  const file = join(cacheDir, `prism-${key}.cjs`);
  // The code cache depends on the V8 that made it; V8 also refuses a stale one by itself.
  const entry = { file, codeCache: `${file}.${process.version}-${process.arch}.v8cache` };
  if (exists(file)) return entry;
  mkdirSync(cacheDir, { recursive: true });
  // Several processes may start Prism at once on a cold cache (the test run's servers, a user's
  // `npm start` beside `npm run mock`): each builds under its own name and renames, which is
  // atomic, so none reads half a file; the last rename wins with identical bytes.
  const partial = `${file}.${process.pid}.partial`;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [prismCli],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    // jsonc-parser's UMD build requires its parts by computed names, which a bundle cannot
    // follow: it stays a require() of the installed package.
    external: ['jsonc-parser'],
    logLevel: 'silent',
    legalComments: 'inline',
  });
  renameSync(partial, file);
  // Bundles (and code caches) of earlier lock files are dead weight.
  for (const name of readdirSync(cacheDir))
    if (!name.startsWith(`prism-${key}.cjs`)) rmSync(join(cacheDir, name), { force: true });
  return entry;
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
