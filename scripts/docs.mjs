#!/usr/bin/env node
// `npm run docs`: renders the spec with Redocly into one self-contained HTML file
// (Redoc inlined with --inlineBundle, so the page needs no CDN and works offline).
// Usage: node scripts/docs.mjs [output-dir]   (default: dist/docs)
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from './prism.mjs';

const outDir = resolve(process.argv[2] ?? join(projectRoot, 'dist/docs'));
mkdirSync(outDir, { recursive: true });
const output = join(outDir, 'index.html');
console.log(`Rendering openapi/openapi.yaml to ${output} ...`);
execFileSync(
  process.execPath,
  [join(projectRoot, 'node_modules/@redocly/cli/bin/cli.js'), 'build-docs', 'ims', '--output', output, '--inlineBundle', '--title', 'IMS: update image member status'],
  { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] },
);
console.log(`Wrote ${output} (${Math.round(statSync(output).size / 1024)} KiB, self-contained).`);
