// Both rendered docs pages, opened offline in Debian's Chromium: the operation, all six error
// statuses and the vault_id rule are shown in the page's language (rendered text, not the
// embedded spec), no request fails or leaves the machine, and a screenshot is kept.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberStatusPath, spec } from '../support/spec.js';
import { launch } from './support.js';

const root = join(import.meta.dirname, '../..');
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ims-docs-browser-'));
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'scripts/docs.ts'), dir], { cwd: root });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Where the operation's page lives in Redoc's router: /<tag slug>/<operationId, lower-cased>.
const operation = spec.paths[memberStatusPath].put;
const route = `#/${operation.tags[0]!.toLowerCase().replace(/\s+/g, '-')}/${operation.operationId.toLowerCase()}`;
const statuses = Object.keys(operation.responses).filter((s) => s !== '200');

// The words each page must show, in its own language.
const pages = [
  {
    lang: 'en',
    file: 'index.html',
    operation: 'Update image member status',
    vaultRule: 'Required when accepting a full-ECS image created by CBR',
    statusWords: [
      'The request is malformed',
      'No valid identity',
      'may not set this member',
      'does not exist',
      'The service failed',
      'temporarily unavailable',
    ],
  },
  {
    lang: 'zh-CN',
    file: 'zh-CN/index.html',
    operation: '更新镜像成员状态',
    vaultRule: '如果是 CBR 创建的整机镜像，则在接受该共享镜像时，为必选参数',
    statusWords: ['请求错误', '鉴权失败', '没有操作权限', '找不到资源', '服务内部错误', '服务不可用'],
  },
];

describe('rendered docs in Chromium', () => {
  it('the spec declares the six error statuses the pages are checked for', () => {
    expect(statuses).toEqual(['400', '401', '403', '404', '500', '503']);
  });

  for (const docs of pages) {
    it(`${docs.lang}: operation, six error statuses and the vault_id rule, offline`, async () => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const failed: string[] = [];
      const external: string[] = [];
      page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
      page.on('request', (r) => {
        if (!/^(file|data|blob|about):/.test(r.url())) external.push(r.url());
      });
      await page.goto(pathToFileURL(join(dir, docs.file)).href + route);
      await page.locator('h2', { hasText: docs.operation }).first().waitFor({ timeout: 30_000 });
      expect(await page.getAttribute('html', 'lang')).toBe(docs.lang);
      // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the visible text is the point
      expect(await page.locator('body').innerText()).toContain(docs.vaultRule);
      await page.screenshot({ path: join(root, `test-output/docs-${docs.lang}.png`) });

      // The v2 operation's own section: the batch operation of the same tag has tabs of the same names.
      const section = page.locator(`[data-section-id="${route.slice(1)}"]`);
      for (const [i, status] of statuses.entries()) {
        // Each status is a tab; its description shows, in this language, once selected.
        await section.getByRole('tab', { name: status, exact: true }).first().click();
        await expect
          // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the visible text is the point
          .poll(() => section.innerText(), { message: `status ${status}` })
          .toContain(docs.statusWords[i]!);
      }
      await page.screenshot({ path: join(root, `test-output/docs-${docs.lang}-503.png`) });
      expect(failed).toEqual([]);
      expect(external).toEqual([]);
      await context.close();
    });
  }
});
