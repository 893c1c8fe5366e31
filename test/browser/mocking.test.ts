// A frontend page on one origin calls the API with the built client, in Debian's Chromium:
// first against the real Prism mock on another origin (so CORS is exercised), then against the
// package's MSW handlers in a service worker, with nothing listening at the API's address.
// The same three calls and the same expectations both times.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, serve } from './support.js';

const root = join(import.meta.dirname, '../..');
let browser: Browser;
let site: Awaited<ReturnType<typeof serve>>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ims-page-'));
  await build({
    entryPoints: [join(root, 'test/browser/page/app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'app.js'),
    logLevel: 'silent',
  });
  copyFileSync(join(root, 'test/browser/page/index.html'), join(dir, 'index.html'));
  // What `npx msw init` does: the worker script from the installed msw package.
  copyFileSync(join(root, 'node_modules/msw/lib/mockServiceWorker.js'), join(dir, 'mockServiceWorker.js'));
  site = await serve(dir, 'localhost');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runPage(api: string, mode: 'prism' | 'msw') {
  const page = await browser.newPage();
  const failed: string[] = [];
  const crossOrigin: string[] = [];
  page.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== site.origin) crossOrigin.push(`${r.method()} ${new URL(r.url()).origin}`);
  });
  await page.goto(`${site.origin}/?api=${encodeURIComponent(api)}&mode=${mode}`);
  await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 30_000 });
  const results = JSON.parse((await page.textContent('#results'))!);
  await page.screenshot({ path: join(root, `test-output/page-${mode}.png`) });
  await page.close();
  return { results, failed, crossOrigin };
}

const expected = {
  accept: { ok: true, status: 'accepted' },
  reject: { ok: true, status: 'rejected' },
  vaultScenario: {
    ok: false,
    kind: 'api',
    status: 400,
    reason: 'vault_id_required',
    message: expect.stringMatching(/acceptSharedImage\(imageId, memberId, \{ vaultId \}\)/),
  },
};

describe('a page on another origin', () => {
  it('calls the Prism mock through CORS: accept, reject and a Prefer scenario', async () => {
    const prism = inject('prismUrl');
    expect(new URL(prism).origin).not.toBe(site.origin);
    const { results, failed, crossOrigin } = await runPage(prism, 'prism');
    expect(results).toMatchObject(expected);
    expect(failed).toEqual([]);
    expect(crossOrigin.filter((r) => r.startsWith('PUT'))).toHaveLength(3);
  });

  it('runs the same page against the MSW handlers, with nothing listening at the API address', async () => {
    const { results, failed } = await runPage('http://127.0.0.1:9', 'msw');
    expect(results).toMatchObject(expected);
    expect(failed).toEqual([]);
  });
});
