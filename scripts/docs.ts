// `npm run docs`: renders the spec with Redocly into self-contained HTML pages (Redoc inlined
// with --inlineBundle, so they need no CDN and work offline), one per language:
//   dist/docs/index.html         English, from openapi/openapi.yaml
//   dist/docs/zh-CN/index.html   Chinese, the same spec with openapi/overlays/zh-CN.yaml applied
// Usage: npm run docs -- [output-dir]   (default: dist/docs). Leaves generated/ alone.
// Imported (test/docs.test.ts), it runs nothing: `renderDocs` is the command's work, so the test
// renders in-process (test/browser/docs.test.ts runs the command itself) and can keep the bundle.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { projectRoot } from './prism.js';

const exec = promisify(execFile);
const redocly = (...args: string[]) =>
  exec(process.execPath, [join(projectRoot, 'node_modules/@redocly/cli/bin/cli.js'), ...args], {
    cwd: projectRoot,
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

/** The file, in the work folder, of the spec bundled with a language's overlay applied (JSON: the page is the same as from YAML, and a test reads it faster). */
export const overlayBundle = (work: string, lang: string) => join(work, `openapi.${lang}.json`);

/**
 * Renders every page into `outDir`. The bundles with an overlay applied (what a translated page
 * renders) go to `work`: a temporary folder removed afterwards, unless the caller names its own.
 * The pages are independent, so they render side by side (each is a Redocly start or two).
 */
export async function renderDocs(outDir: string, work?: string, log: (line: string) => void = console.log) {
  const pages = [
    { lang: 'en', dir: outDir, title: 'IMS: update image member status', overlay: undefined },
    {
      lang: 'zh-CN',
      dir: join(outDir, 'zh-CN'),
      title: 'IMS：更新镜像成员状态',
      overlay: 'openapi/overlays/zh-CN.yaml',
    },
  ];
  const folder = work ?? mkdtempSync(join(tmpdir(), 'ims-docs-'));
  try {
    // Every page settles before the work folder goes: a failed one does not pull it from under the other.
    const rendered = await Promise.allSettled(
      pages.map(async (page) => {
        mkdirSync(page.dir, { recursive: true });
        const output = join(page.dir, 'index.html');
        let source = 'openapi/openapi.yaml';
        if (page.overlay) {
          source = overlayBundle(folder, page.lang);
          log(`Applying ${page.overlay} ...`);
          await redocly('bundle', 'openapi/openapi.yaml', '--overlay', page.overlay, '-o', source);
        }
        log(`Rendering the ${page.lang} page to ${output} ...`);
        await redocly('build-docs', source, '--output', output, '--inlineBundle', '--title', page.title);
        writeFileSync(output, offline(readFileSync(output, 'utf8'), page.lang));
        log(`Wrote ${output} (${Math.round(statSync(output).size / 1024)} KiB, self-contained).`);
      }),
    );
    for (const outcome of rendered) if (outcome.status === 'rejected') throw outcome.reason;
  } finally {
    if (!work) rmSync(folder, { recursive: true, force: true });
  }
}

// The command itself, only when run (`npm run docs`), not when imported (real paths: a checkout reached through a symlink runs too).
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url)))
  await renderDocs(resolve(process.argv[2] ?? join(projectRoot, 'dist/docs')));
