// The spec as one document: Redocly CLI bundles openapi/openapi.yaml and the files it references
// (paths/, components/) exactly as `npm run generate` writes generated/openapi.json. Shared by
// the generator and the overlay check, so both read the same document the docs and mocks serve.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The Redocly command that bundles the API named `ims` in `redocly.yaml` under `root` into `out`. */
function bundleCommand(root: string, out: string) {
  return {
    file: process.execPath,
    args: [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'bundle', 'ims', '-o', out],
    options: {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  };
}

function inTempDir<T>(use: (out: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ims-bundle-'));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  try {
    const result = use(join(dir, 'openapi.json'));
    if (result instanceof Promise) return result.finally(cleanUp) as T;
    cleanUp();
    return result;
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/** Bundles the API named `ims` in `redocly.yaml` under `root` and returns the parsed JSON. */
export function bundleSpec(root: string): Record<string, unknown> {
  return inTempDir((out) => {
    const { file, args, options } = bundleCommand(root, out);
    execFileSync(file, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    return JSON.parse(readFileSync(out, 'utf8'));
  });
}

/** `bundleSpec` without blocking the thread while Redocly runs (a test worker runs other tests meanwhile). */
export function bundleSpecAsync(root: string): Promise<Record<string, unknown>> {
  return inTempDir(async (out) => {
    const { file, args, options } = bundleCommand(root, out);
    await promisify(execFile)(file, args, options);
    return JSON.parse(readFileSync(out, 'utf8'));
  });
}
