// Part of `npm run lint`: every action of every overlay in openapi/overlays/ must still target
// at least one node of the spec, so a spec change cannot silently leave translated text behind.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSONPath } from 'jsonpath-plus';
import { parse } from 'yaml';
import { bundleSpec } from './bundle-spec.js';
import { projectRoot } from './prism.js';

/** An OpenAPI Overlay 1.x document, as far as this check reads it. */
type Overlay = { overlay?: string; actions: { target: string; update?: Record<string, unknown> }[] };

// The targets are JSONPaths into the bundled document (the one the docs render), not into the
// root file, which holds only references since the spec was split into files.
const spec = bundleSpec(projectRoot);
const dir = join(projectRoot, 'openapi/overlays');
let stale = 0;
let checked = 0;
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  const overlay = parse(readFileSync(join(dir, file), 'utf8')) as Overlay;
  if (!/^1\./.test(overlay.overlay ?? '')) {
    console.error(`openapi/overlays/${file}: not an OpenAPI Overlay 1.x document (overlay: ${overlay.overlay})`);
    stale += 1;
    continue;
  }
  for (const [n, action] of overlay.actions.entries()) {
    checked += 1;
    const found: unknown[] = JSONPath({ path: action.target, json: spec, wrap: true });
    if (found.length === 0) {
      console.error(
        `openapi/overlays/${file}: action ${n + 1} targets ${action.target}, which matches nothing in the bundled spec`,
      );
      stale += 1;
    }
    // An update may only name keys the target already has, so no translated field is left orphaned.
    for (const target of found) {
      for (const key of Object.keys(action.update ?? {})) {
        if (typeof target === 'object' && target !== null && !(key in target)) {
          console.error(
            `openapi/overlays/${file}: action ${n + 1} (${action.target}) adds "${key}", which the spec does not have there`,
          );
          stale += 1;
        }
      }
    }
  }
}
if (stale) {
  console.error(`${stale} stale overlay target(s): update openapi/overlays/ to match the spec.`);
  process.exit(1);
}
console.log(`Overlays current: ${checked} actions, each targets an existing node.`);
