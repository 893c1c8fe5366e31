// The package as a consumer gets it: `npm pack` (whose prepack builds dist/), cached by the hash of
// everything the pack reads, so the tests that install it (test/package.test.ts,
// test/browser/vite.test.ts) pack an unchanged package once, not once per run and file.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '../..');
export const run = (command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}) =>
  exec(command, args, {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr, stdout }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      output: e.stdout + e.stderr,
      stdout: e.stdout,
    }),
  );

/**
 * Everything `npm pack` reads to build the tarball (prepack compiles src/ and generated/ with
 * tsconfig.json and the locked TypeScript; package.json picks the files): its hash names the tarball in a cache, so an
 * unchanged package is not built and packed again on every run. Any change packs anew.
 */
function packInputsHash() {
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  const inputs = [...walk('src'), ...walk('generated'), ...walk('openapi')].sort();
  const roots = ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
  for (const file of [...roots, ...inputs])
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The packed tarball in `dir`: from the cache when the inputs are unchanged, else `npm pack` (prepack builds dist/). */
export async function packOnce(dir: string) {
  const cacheDir = join(root, 'node_modules/.cache/ims-package');
  const cached = join(cacheDir, `${packInputsHash()}.tgz`);
  const target = join(dir, 'ims-image-member-status.tgz');
  if (existsSync(cached)) {
    copyFileSync(cached, target);
    return target;
  }
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', dir], root);
  expect(packed.code, packed.output).toBe(0);
  renameSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!), target);
  rmSync(cacheDir, { recursive: true, force: true }); // keep one: the newest
  mkdirSync(cacheDir, { recursive: true });
  copyFileSync(target, cached);
  return target;
}
