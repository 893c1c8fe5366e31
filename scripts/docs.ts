// `npm run docs`: renders the spec with Redocly into self-contained HTML pages (Redoc inlined
// with --inlineBundle, so they need no CDN and work offline), one per language:
//   dist/docs/index.html         English, from openapi/openapi.yaml
//   dist/docs/zh-CN/index.html   Chinese, the same spec with openapi/overlays/zh-CN.yaml applied
// Usage: npm run docs -- [output-dir]   (default: dist/docs). Leaves generated/ alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from './prism.js';

const outDir = resolve(process.argv[2] ?? join(projectRoot, 'dist/docs'));
const redocly = (...args: string[]) =>
  execFileSync(process.execPath, [join(projectRoot, 'node_modules/@redocly/cli/bin/cli.js'), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });

// The attribution badge Redoc always renders, drawn inline: its logo otherwise comes from a CDN,
// the one request that kept the inlined page from working offline.
const badge = (text: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="${text.length * 8}" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="currentColor">${text}</text></svg>`)}`;

/** Makes a built page self-contained and says its language (Redoc's template always says "en"). */
function offline(html: string, lang: string): string {
  return html
    .replace('<html lang="en">', `<html lang="${lang}">`)
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', badge('Redocly'))
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', badge('R'));
}

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
    writeFileSync(output, offline(readFileSync(output, 'utf8'), page.lang));
    console.log(`Wrote ${output} (${Math.round(statSync(output).size / 1024)} KiB, self-contained).`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
