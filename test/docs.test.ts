// `npm run docs` renders one self-contained page: the operation and every status are in it,
// and nothing is loaded from another host when it opens.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseExamples, spec } from './support/spec.js';

const root = join(import.meta.dirname, '..');
let dir: string;
let html: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ims-docs-'));
  await promisify(execFile)(process.execPath, [join(root, 'scripts/docs.mjs'), dir], { cwd: root });
  html = readFileSync(join(dir, 'index.html'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rendered docs', () => {
  it('load no script, stylesheet or font from another host', () => {
    const external = [
      ...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(https?:)?\/\/[^"'\s>]+/gi),
    ].map((m) => m[0]);
    expect(external).toEqual([]);
    expect(html).not.toMatch(/@import\s+url\(["']?https?:/i);
    expect(html).not.toMatch(/cdn\.redoc\.ly/); // Redoc's attribution logo, redrawn inline
  });

  it('the Chinese page carries the overlay wording and says so in its lang', () => {
    const zh = readFileSync(join(dir, 'zh-CN/index.html'), 'utf8');
    expect(zh).toMatch(/<html lang="zh-CN">/);
    expect(zh).toContain('更新镜像成员状态');
    expect(zh).toContain('如果是 CBR 创建的整机镜像');
    expect(zh).not.toContain('Required when accepting a full-ECS');
  });

  it('show the operation, every declared status and the vault_id rule', () => {
    const put = spec.paths['/v2/images/{image_id}/members/{member_id}'].put;
    expect(html).toContain(put.summary);
    expect(html).toContain('/v2/images/{image_id}/members/{member_id}');
    for (const { status } of responseExamples) expect(html).toContain(`"${status}"`);
    expect(html).toContain('Required when accepting a full-ECS');
  });
});
