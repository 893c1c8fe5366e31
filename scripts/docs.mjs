#!/usr/bin/env node
// `npm run docs`: renders the spec with Redocly into self-contained HTML pages (Redoc inlined
// with --inlineBundle, so they need no CDN and work offline), one per language:
//   dist/docs/index.html         English, from openapi/openapi.yaml
//   dist/docs/zh-CN/index.html   Chinese, the same spec with openapi/overlays/zh-CN.yaml applied
// Usage: node scripts/docs.mjs [output-dir]   (default: dist/docs). Leaves generated/ alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from './prism.mjs';

const outDir = resolve(process.argv[2] ?? join(projectRoot, 'dist/docs'));
const redocly = (...args) =>
  execFileSync(process.execPath, [join(projectRoot, 'node_modules/@redocly/cli/bin/cli.js'), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });

const pages = [
  { lang: 'en', dir: outDir, title: 'IMS: update image member status', overlay: undefined },
  { lang: 'zh-CN', dir: join(outDir, 'zh-CN'), title: 'IMS：更新镜像成员状态', overlay: 'openapi/overlays/zh-CN.yaml' },
];
const work = mkdtempSync(join(tmpdir(), 'ims-docs-'));
try {
  for (const page of pages) {
    mkdirSync(page.dir, { recursive: true });
    const output = join(page.dir, 'index.html');
    let source = 'openapi/openapi.yaml';
    if (page.overlay) {
      source = join(work, `openapi.${page.lang}.yaml`);
      console.log(`Applying ${page.overlay} ...`);
      redocly('bundle', 'openapi/openapi.yaml', '--overlay', page.overlay, '-o', source);
    }
    console.log(`Rendering the ${page.lang} page to ${output} ...`);
    redocly('build-docs', source, '--output', output, '--inlineBundle', '--title', page.title);
    // Redoc's template always says lang="en"; screen readers and fonts need the page's own.
    writeFileSync(output, readFileSync(output, 'utf8').replace('<html lang="en">', `<html lang="${page.lang}">`));
    console.log(`Wrote ${output} (${Math.round(statSync(output).size / 1024)} KiB, self-contained).`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
