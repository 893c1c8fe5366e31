// The import graph of src/, scripts/ and generated/: no cycle, and src/ (what the package
// publishes) imports nothing from scripts/, test/ or bench/ (which are not published, so such an
// import would break every consumer). Specifiers are read with the TypeScript compiler's parser,
// so strings and comments that only look like imports are not mistaken for them. A failure names
// each offending file and the import as written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const graphed = ['src', 'scripts', 'generated'];
const forbiddenFromSrc = ['scripts', 'test', 'bench'];
const codeFile = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** One import as written in a file: the specifier, and where it resolved (relative to the root). */
interface Edge {
  from: string;
  specifier: string;
  to: string;
  /** Erased by TypeScript (`import type`, `export type`, or every name marked `type`): no load at run time. */
  typeOnly: boolean;
}

function* files(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* files(path);
    } else if (codeFile.test(entry.name) && !/\.d\.[mc]?ts$/.test(entry.name)) yield path;
  }
}

/** Whether an import or export declaration is erased by TypeScript: it loads nothing at run time. */
function erased(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node))
    return (
      node.isTypeOnly ||
      (node.exportClause !== undefined &&
        ts.isNamedExports(node.exportClause) &&
        node.exportClause.elements.length > 0 &&
        node.exportClause.elements.every((e) => e.isTypeOnly))
    );
  const clause = node.importClause;
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    clause.name === undefined &&
    named !== undefined &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

/**
 * Every module specifier in a file: static imports and `export ... from` (marked when TypeScript
 * erases them), `import x = require()`, and `import()` calls. Comments and strings are not code.
 */
function specifiersOf(path: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(path, 'utf8');
  const kind = /\.[mc]?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier))
        found.push({ specifier: node.moduleSpecifier.text, typeOnly: erased(node) });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** package.json "imports" (`#name`) as the source files they stand for: dist/x.js is x.ts. */
function subpathImports(at: string): Map<string, string[]> {
  const manifest = join(at, 'package.json');
  const map = new Map<string, string[]>();
  if (!existsSync(manifest)) return map;
  const { imports = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { imports?: Record<string, unknown> };
  for (const [name, target] of Object.entries(imports)) {
    const targets = typeof target === 'string' ? [target] : Object.values(target as Record<string, string>);
    map.set(
      name,
      targets
        .filter((t) => !t.endsWith('.d.ts'))
        .map((t) => t.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))
        .filter((t) => existsSync(join(at, t))),
    );
  }
  return map;
}

/** The file a relative specifier loads at run time: `./x.js` is `x.ts` in the sources. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  return candidates.find((c) => existsSync(c) && !readdirSafe(c));
}

const readdirSafe = (path: string) => {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
};

/** The project's own import edges among the scanned folders; packages and `node:` are left out. */
function importGraph(at: string, dirs = graphed): Edge[] {
  const hashes = subpathImports(at);
  const edges: Edge[] = [];
  for (const dir of dirs)
    for (const file of files(join(at, dir))) {
      const from = relative(at, file);
      for (const { specifier, typeOnly } of specifiersOf(file)) {
        const targets = specifier.startsWith('.')
          ? [resolveRelative(file, specifier)].filter((t) => t !== undefined).map((t) => relative(at, t))
          : (hashes.get(specifier) ?? []);
        for (const to of targets) edges.push({ from, specifier, to, typeOnly });
      }
    }
  return edges;
}

/**
 * Imports from src/ into folders that are not published: "file imports 'specifier' (target)".
 * Type-only ones count: the published declarations would name a file that is not there.
 */
function forbiddenImports(edges: Edge[]): string[] {
  return edges
    .filter((e) => e.from.startsWith(`src/`) && forbiddenFromSrc.some((dir) => e.to.startsWith(`${dir}/`)))
    .map((e) => `${e.from} imports '${e.specifier}' (${e.to}): src/ is published, ${e.to.split('/')[0]}/ is not`);
}

/**
 * Every cycle of run-time imports, one per strongly connected component (Tarjan), each written as
 * the shortest loop through its first file: "a.ts imports './b.js' -> b.ts imports './a.js' -> a.ts".
 * Type-only imports are left out: TypeScript erases them, so they cannot make modules load in a
 * loop (where one sees another half-initialised), and two modules may well share types both ways.
 */
function cycles(all: Edge[]): string[] {
  const edges = all.filter((e) => !e.typeOnly);
  const next = new Map<string, Edge[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of next.get(v) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) connect(v);
  const found: string[] = [];
  for (const component of components) {
    const inside = new Set(component);
    const start = component[0]!;
    const selfLoop = (next.get(start) ?? []).find((e) => e.to === start);
    if (component.length === 1 && !selfLoop) continue;
    // Breadth-first from the start back to it, staying inside the component: the shortest loop.
    const via = new Map<string, Edge>();
    const queue = [start];
    let closing: Edge | undefined = selfLoop;
    while (!closing && queue.length) {
      const v = queue.shift()!;
      for (const e of next.get(v) ?? []) {
        if (!inside.has(e.to)) continue;
        if (e.to === start) {
          closing = e;
          break;
        }
        if (!via.has(e.to)) {
          via.set(e.to, e);
          queue.push(e.to);
        }
      }
    }
    const loop: Edge[] = [closing!];
    for (let at = closing!.from; at !== start; at = via.get(at)!.from) loop.unshift(via.get(at)!);
    found.push(`${loop.map((e) => `${e.from} imports '${e.specifier}'`).join(' -> ')} -> ${start}`);
  }
  return found;
}

describe('the import graph of src/, scripts/, generated/', () => {
  const edges = importGraph(root);

  it('reads the real graph: src/ reads generated/, scripts/ read src/, #crypto resolves, type-only imports are told', () => {
    const has = (from: RegExp, to: RegExp, typeOnly?: boolean) =>
      edges.some((e) => from.test(e.from) && to.test(e.to) && (typeOnly === undefined || e.typeOnly === typeOnly));
    expect(has(/^src\//, /^generated\/contract\.ts$/, false)).toBe(true);
    expect(has(/^src\//, /^generated\/openapi\.json$/, false)).toBe(true);
    expect(has(/^src\//, /^generated\/types\.ts$/, true)).toBe(true);
    expect(has(/^scripts\//, /^src\//, false)).toBe(true);
    expect(has(/^scripts\/verify\/main\.ts$/, /^scripts\/verify\/index\.ts$/, false)).toBe(true);
    expect(has(/^scripts\/mock-server\.ts$/, /^scripts\/front\.ts$/, false)).toBe(true);
    // '#crypto' stands for both variants, as package.json "imports" maps it.
    expect(has(/^src\//, /^src\/crypto-node\.ts$/)).toBe(true);
    expect(has(/^src\//, /^src\/crypto-web\.ts$/)).toBe(true);
  });

  it('src/ imports nothing from scripts/, test/ or bench/', () => {
    expect(forbiddenImports(edges), 'src/ is what the package publishes').toEqual([]);
  });

  it('has no cycle', () => {
    expect(cycles(edges), 'break each cycle by moving what both sides need into a third module').toEqual([]);
  });
});

describe('the checker itself, on a project made for it', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'imports-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };
  write('package.json', JSON.stringify({ imports: { '#x': { node: './dist/src/x.js', default: './dist/src/y.js' } } }));
  write('src/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
  write('src/b.ts', "export { c as b } from './c.js';\n// import '../scripts/not-real.js' is a comment\n");
  write('src/c.ts', "import { a } from './a.js';\nexport const c = () => a;\n");
  write('src/e.ts', "import type { F } from './f.js';\nexport type E = F;\n");
  write('src/f.ts', "import { type E } from './e.js';\nexport type { E as F } from './e.js';\n");
  write('src/g.ts', "import type { Tool } from '../bench/tool.js';\nexport type G = Tool;\n");
  write('bench/tool.ts', 'export type Tool = string;\n');
  write('src/d.ts', "const tool = await import('../scripts/tool.js');\nimport '../test/helper.js';\n");
  write('src/x.ts', "import '#x';\nexport const s = 'import \"../bench/b.js\"';\n");
  write('src/y.ts', 'export {};\n');
  write('scripts/tool.ts', "import '../generated/g.js';\n");
  write('scripts/self.mjs', "import './self.mjs';\n");
  write('generated/g.ts', "import { a } from '../src/a.js';\nexport const g = a;\n");
  write('test/helper.ts', 'export {};\n');
  const edges = importGraph(fixture);

  it('names each import from src/ into scripts/, test/ or bench/, dynamic and type-only ones too, none in comments or strings', () => {
    expect(forbiddenImports(edges)).toEqual([
      "src/d.ts imports '../scripts/tool.js' (scripts/tool.ts): src/ is published, scripts/ is not",
      "src/d.ts imports '../test/helper.js' (test/helper.ts): src/ is published, test/ is not",
      "src/g.ts imports '../bench/tool.js' (bench/tool.ts): src/ is published, bench/ is not",
    ]);
  });

  it('names each run-time cycle file by file with its import as written, self imports included, type-only loops not', () => {
    expect(cycles(edges).sort()).toEqual([
      "scripts/self.mjs imports './self.mjs' -> scripts/self.mjs",
      "src/a.ts imports './b.js' -> src/b.ts imports './c.js' -> src/c.ts imports './a.js' -> src/a.ts",
      "src/x.ts imports '#x' -> src/x.ts",
    ]);
  });
});
