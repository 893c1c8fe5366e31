// The sandbox's house: no import circle inside src/sandbox (type-only imports count: a circle of
// types is still a circle to read through), types.ts a leaf, one module per operation named by
// its operation ID, and a world whose scenario row names an example the spec does not have refused
// with the row named. Imports are read with the TypeScript compiler's own scanner, so comments and
// strings that only look like imports are not taken for them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { operationIds } from '../generated/contract.js';
import { checkWorld, createSandbox, defaultWorld, type World, WorldError } from '../src/sandbox/index.js';

const root = join(import.meta.dirname, '..');
const sandboxDir = join(root, 'src/sandbox');

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** Every module a file imports or re-exports (type-only and dynamic ones too), as files relative to the root. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(root, resolve(dirname(file), name.replace(/\.js$/, '.ts'))));
}

const graph = new Map([...sources(sandboxDir)].map((file) => [relative(root, file), importsOf(file)]));

/** The first import circle found among the files of the graph, as the loop of files, or undefined. */
function circle(edges: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file) || !edges.has(file)) return undefined;
    path.push(file);
    for (const next of edges.get(file)!) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of [...edges.keys()].sort()) {
    const found = visit(file);
    if (found) return found;
  }
  return undefined;
}

describe('the import graph of src/sandbox', () => {
  it('has files and edges to look at (the scanner reads them)', () => {
    expect(graph.get('src/sandbox/index.ts')).toContain('src/sandbox/pipeline.ts');
    expect(graph.get('src/sandbox/operations/types.ts')).toContain('src/sandbox/types.ts');
  });

  it('has no circle, type-only imports included', () => {
    expect(circle(graph)?.join(' -> ')).toBeUndefined();
  });

  it('finds a circle when there is one (the check itself can fail)', () => {
    const withLoop = new Map(graph);
    withLoop.set('src/sandbox/types.ts', ['src/sandbox/world.ts']);
    expect(circle(withLoop)).toContain('src/sandbox/types.ts');
  });

  it('has types.ts as a leaf: it imports nothing from src/', () => {
    expect(graph.get('src/sandbox/types.ts')!.filter((to) => to.startsWith('src/'))).toEqual([]);
  });
});

describe('the operation modules', () => {
  const folder = join(sandboxDir, 'operations');
  const files = readdirSync(folder).map((name) => name.replace(/\.ts$/, ''));

  it('are one per operation, each named by its operation ID and exporting that name alone', () => {
    for (const id of operationIds) {
      expect(files, `src/sandbox/operations/${id}.ts`).toContain(id);
      const text = readFileSync(join(folder, `${id}.ts`), 'utf8');
      expect(text.match(/^export .*$/gm), `src/sandbox/operations/${id}.ts exports`).toEqual([
        expect.stringMatching(new RegExp(`^export const ${id}: OperationModule<'${id}'> = `)),
      ]);
    }
  });

  it('has beside them only the registry, the types and helpers not named like an operation', () => {
    const others = files.filter((name) => !(operationIds as readonly string[]).includes(name));
    for (const name of others)
      expect(name, `src/sandbox/operations/${name}.ts`).toMatch(/^(index|types|[a-z]+-[a-z-]+)$/);
  });
});

describe('a world whose scenario row names an example the spec does not have', () => {
  const misspelled = (): World => {
    const world = structuredClone(defaultWorld);
    const row = world.scenarios!.find((r) => r.answer.example === 'vault_id_required')!;
    row.answer.example = 'vault_id_requierd';
    return world;
  };

  it('is refused by checkWorld, the row named by its path and its name, with the examples it may name', () => {
    const world = misspelled();
    const index = world.scenarios!.findIndex((r) => r.answer.example === 'vault_id_requierd');
    const row = world.scenarios![index]!;
    const problems = checkWorld(world);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: `$.scenarios[${index}].answer.example`, rule: 'example' });
    expect(problems[0]!.message).toContain(`$.scenarios[${index}].answer.example`);
    expect(problems[0]!.message).toContain(`scenario "${row.name}"`);
    expect(problems[0]!.message).toContain('"vault_id_requierd"');
    expect(problems[0]!.message).toContain('vault_id_required');
  });

  it('is not a sandbox: createSandbox throws the WorldError, before any request could answer 500', () => {
    expect(() => createSandbox({ world: misspelled() })).toThrow(WorldError);
    expect(() => createSandbox({ world: misspelled() })).toThrow(/vault_id_requierd/);
  });

  it('for a named operation too: an example of another operation is no example of this one', () => {
    const world = structuredClone(defaultWorld);
    const index = world.scenarios!.findIndex((r) => r.operation === 'showJob');
    world.scenarios![index]!.answer = { status: 404, example: 'image_not_found' };
    expect(checkWorld(world)).toEqual([
      expect.objectContaining({ path: `$.scenarios[${index}].answer.example`, rule: 'example' }),
    ]);
  });
});
