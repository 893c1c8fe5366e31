// The spec as one document: Redocly CLI bundles openapi/openapi.yaml and the files it references
// (paths/, components/) exactly as `npm run generate` writes generated/openapi.json. Shared by
// the generator and the overlay check, so both read the same document the docs and mocks serve.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bundles the API named `ims` in `redocly.yaml` under `root` and returns the parsed JSON. */
export function bundleSpec(root: string): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'ims-bundle-'));
  try {
    const out = join(dir, 'openapi.json');
    execFileSync(process.execPath, [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'bundle', 'ims', '-o', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
