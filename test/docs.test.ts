// `npm run docs` renders one self-contained page: the operation and every status are in it,
// and nothing is loaded from another host when it opens.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRules } from '../generated/contract.js';
import { overlayBundle, renderDocs } from '../scripts/docs.js';
import { readmeExampleTest } from '../scripts/readme-example.js';
import { memberStatusPath, responseExamples, spec } from './support/spec.js';

const root = join(import.meta.dirname, '..');
let tmp: string;
let dir: string;
let work: string;
let html: string;
let rendering: Promise<void>;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ims-docs-'));
  dir = join(tmp, 'pages');
  // The command's own work, called in-process (its Redocly starts are child processes still), so
  // no tsx starts for the script; `npm run test:browser` runs `scripts/docs.ts` as the command it
  // is. The work folder is kept: the Chinese page's source, the spec bundled with the overlay
  // applied, is read below instead of being bundled a second time. The pages render in those child
  // processes while the contributors' docs are checked here.
  work = join(tmp, 'work');
  mkdirSync(work);
  rendering = renderDocs(dir, work, () => {});
  rendering.catch(() => {}); // awaited by the tests that read the pages, which fail with its error
});
afterAll(async () => {
  await rendering?.catch(() => {}); // its Redocly starts write into tmp
  rmSync(tmp, { recursive: true, force: true });
});

describe('the written docs for contributors', () => {
  const read = (file: string) => readFileSync(join(root, file), 'utf8');
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts);

  it('every `npm run <script>` that CONTRIBUTING.md, README.md, the folder READMEs and docs/ name exists', () => {
    const guides = readdirSync(join(root, 'docs')).map((name) => `docs/${name}`);
    const named = ['CONTRIBUTING.md', 'README.md', 'openapi/README.md', 'generated/README.md', ...guides].flatMap(
      (file) => [...read(file).matchAll(/npm run (?:--silent\s+)?(\w[\w:-]*)/g)].map((m) => `${file}: ${m[1]}`),
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((entry) => !scripts.includes(entry.split(': ')[1]!))).toEqual([]);
  });

  it('README.md is a front door (at most 150 lines), and every relative link in it and in docs/ resolves', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(150);
    const files = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(root, 'docs')).map((name) => `docs/${name}`)];
    const broken = files.flatMap((file) =>
      [...read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(root, dirname(file), target)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it("README's client example is the type-level test test/readme-example.test-d.ts (vitest's typecheck compiles it)", () => {
    // The compile itself is the typecheck's: this holds the file to the README, so a changed
    // example is compiled as written, never an older copy.
    expect(
      read('test/readme-example.test-d.ts'),
      'test/readme-example.test-d.ts is stale: run `npm run readme:example`',
    ).toBe(readmeExampleTest(read('README.md')));
  });

  it('every file or folder CONTRIBUTING.md names in backticks exists', () => {
    const paths = [...read('CONTRIBUTING.md').matchAll(/`((?:openapi|generated|src|test|bench|scripts)\/[\w./-]*)`/g)]
      .map((m) => m[1]!)
      .filter((path) => !path.includes('*') && !path.includes('<'));
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it("CHANGELOG.md records the spec's info.version for each release, the current one under Unreleased", () => {
    const sections = read('CHANGELOG.md').split(/^## /m).slice(1);
    expect(sections[0]).toMatch(/^Unreleased\n/);
    expect(sections[0]).toContain(`Spec (\`info.version\`): ${spec.info.version}`);
    expect(sections.length).toBeGreaterThanOrEqual(2);
    for (const section of sections) {
      expect(section).toMatch(/^(Unreleased|\d+\.\d+\.\d+ - \d{4}-\d{2}-\d{2})\n/);
      expect(section).toMatch(/Spec \(`info\.version`\): \d+\.\d+\.\d+/);
    }
    const version = JSON.parse(read('package.json')).version;
    expect(sections.some((section) => section.startsWith(`${version} - `))).toBe(true);
  });
});

describe('rendered docs', () => {
  beforeAll(async () => {
    await rendering;
    html = readFileSync(join(dir, 'index.html'), 'utf8');
  });

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

  it('the Chinese page leaves nothing in English that the spec describes', () => {
    // The page's source, the bundle with the overlay applied (Redocly's `bundle --overlay`, which
    // `npm run docs` runs): every title, summary, description and tag display name holds Chinese text.
    const zh = JSON.parse(readFileSync(overlayBundle(work, 'zh-CN'), 'utf8'));
    const texts: string[] = [];
    const english: string[] = [];
    (function walk(node: unknown, path: string) {
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'value' || key === 'example') continue; // data, not prose
        if (['title', 'summary', 'description', 'x-displayName'].includes(key) && typeof value === 'string') {
          texts.push(path);
          if (!/[\u4e00-\u9fff]/.test(value)) english.push(`${path}.${key}: ${value.slice(0, 60)}`);
        } else walk(value, `${path}.${key}`);
      }
    })(zh, '$');
    expect(texts.length).toBeGreaterThan(150);
    expect(english).toEqual([]);
    for (const [id, wording] of [
      ['batchUpdateImageMembers', '批量更新镜像成员状态'],
      ['showJobProgress', '查询异步任务进度'],
      ['showJob', '异步任务查询'],
    ] as const) {
      const { path, method } = operationRules[id];
      expect(zh.paths[path][method.toLowerCase()].summary).toBe(wording);
    }
  });

  it("both pages show every operation of the spec, the Chinese one in Huawei's Chinese wording", () => {
    const zh = readFileSync(join(dir, 'zh-CN/index.html'), 'utf8');
    const operations = Object.values(operationRules);
    expect(operations.length).toBe(20);
    for (const { path, method } of operations) {
      const { summary, operationId } = spec.paths[path as keyof typeof spec.paths][
        method.toLowerCase() as keyof (typeof spec.paths)[keyof typeof spec.paths]
      ] as { summary: string; operationId: string };
      expect(html, operationId).toContain(summary);
      expect(html, operationId).toContain(path);
      expect(zh, operationId).toContain(path);
    }
    for (const wording of [
      '批量更新镜像成员状态',
      '查询异步任务进度',
      '异步任务查询',
      '查询镜像成员模式',
      '批量添加镜像成员',
      '批量删除镜像成员',
      '获取镜像成员列表',
      '获取镜像成员详情',
      '查询镜像列表（查找共享给您的镜像）',
      '查询 API 版本列表（版本发现）',
      '添加镜像成员',
      '查询镜像成员列表',
      '获取镜像成员详情',
      '删除指定的镜像成员',
      '查询镜像成员列表视图',
    ])
      expect(zh).toContain(wording);
    expect(zh).not.toContain('Show job progress');
  });

  it('show the operation, every declared status and the vault_id rule', () => {
    const put = spec.paths[memberStatusPath].put;
    expect(html).toContain(put.summary);
    expect(html).toContain(memberStatusPath);
    for (const { status } of responseExamples) expect(html).toContain(`"${status}"`);
    expect(html).toContain('Required when accepting a full-ECS');
  });
});
