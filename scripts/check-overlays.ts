// Part of `npm run lint`: every action of every overlay in openapi/overlays/ must still target
// at least one node of the spec, so a spec change cannot silently leave translated text behind.
// Imported (test/spec.test.ts), it runs nothing: `overlayProblems` is the check, so a test can run
// it in-process on a spec it has already bundled.
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSONPath } from 'jsonpath-plus';
import { parse } from 'yaml';
import { bundleSpec } from './bundle-spec.js';
import { projectRoot } from './prism.js';

/** An OpenAPI Overlay 1.x document, as far as this check reads it. */
type Overlay = { overlay?: string; actions: { target: string; update?: Record<string, unknown> }[] };

/**
 * Checks every overlay in `dir` against the bundled `spec`: how many actions it checked, and one
 * line per problem (an action that targets nothing, an update that adds a key the target lacks).
 */
export function overlayProblems(
  spec: unknown,
  dir = join(projectRoot, 'openapi/overlays'),
): { checked: number; problems: string[] } {
  const problems: string[] = [];
  let checked = 0;
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const overlay = parse(readFileSync(join(dir, file), 'utf8')) as Overlay;
    if (!/^1\./.test(overlay.overlay ?? '')) {
      problems.push(`openapi/overlays/${file}: not an OpenAPI Overlay 1.x document (overlay: ${overlay.overlay})`);
      continue;
    }
    for (const [n, action] of overlay.actions.entries()) {
      checked += 1;
      const found: unknown[] = JSONPath({ path: action.target, json: spec as object, wrap: true });
      if (found.length === 0)
        problems.push(
          `openapi/overlays/${file}: action ${n + 1} targets ${action.target}, which matches nothing in the bundled spec`,
        );
      // An update may only name keys the target already has, so no translated field is left orphaned.
      for (const target of found) {
        for (const key of Object.keys(action.update ?? {})) {
          if (typeof target === 'object' && target !== null && !(key in target))
            problems.push(
              `openapi/overlays/${file}: action ${n + 1} (${action.target}) adds "${key}", which the spec does not have there`,
            );
        }
      }
    }
  }
  return { checked, problems };
}

// The command itself, only when run (`npm run lint`), not when imported (real paths: a checkout reached through a symlink runs too).
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  // The targets are JSONPaths into the bundled document (the one the docs render), not into the
  // root file, which holds only references since the spec was split into files.
  const { checked, problems } = overlayProblems(bundleSpec(projectRoot));
  for (const problem of problems) console.error(problem);
  if (problems.length) {
    console.error(`${problems.length} stale overlay target(s): update openapi/overlays/ to match the spec.`);
    process.exit(1);
  }
  console.log(`Overlays current: ${checked} actions, each targets an existing node.`);
}
