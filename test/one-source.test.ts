// One source of truth: values the spec holds are read from generated/ (or the spec itself),
// never typed again in code. This scans every code file outside openapi/, generated/ and the
// docs for the path, the auth header's name, the request-ID headers' names and the documents'
// example IDs, and fails naming each file and line that types one of them by hand. Comments
// may name them: prose is not a second copy of a value code uses.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, operationRules, requestIdHeaders } from '../generated/contract.js';

const root = join(import.meta.dirname, '..');
const scanned = ['src', 'scripts', 'test', 'bench'];
const codeFile = /\.(ts|mts|mjs|js|html)$/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'tmp') yield* files(path);
    } else if (codeFile.test(entry.name)) yield path;
  }
}

/** The static part of every path template, e.g. `/v2/images/`: a URL built by hand starts with it. */
// The root `/` (version discovery) starts every URL, so it cannot tell a typed path: it is no needle.
const pathPrefixes = Object.values(operationRules)
  .map((operation) => operation.path.split('{')[0]!)
  .filter((prefix) => prefix !== '/');

const needles: [string, RegExp][] = [
  ...pathPrefixes.map((prefix): [string, RegExp] => [`the path (${prefix}...)`, new RegExp(escapeRegExp(prefix))]),
  [`the auth header ${authHeader}`, new RegExp(`['"\`]${escapeRegExp(authHeader)}['"\`]`, 'i')],
  ...requestIdHeaders.map((name): [string, RegExp] => [
    `the header ${name}`,
    new RegExp(`['"\`]${escapeRegExp(name)}['"\`]`, 'i'),
  ]),
  ...Object.entries(exampleIds).map(([name, id]): [string, RegExp] => [
    `the example ${name}`,
    new RegExp(escapeRegExp(id)),
  ]),
];

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe('one source of truth', () => {
  it('scans something: the path prefix and every needle come from generated/', () => {
    expect(pathPrefixes.every((p) => p.length > 1)).toBe(true);
    expect(needles.length).toBeGreaterThanOrEqual(6);
  });

  it('no code file types a spec value by hand', () => {
    // One pass of all needles at once over each line; only a line that holds one is asked which.
    const any = new RegExp(needles.map(([, pattern]) => `(?:${pattern.source})`).join('|'), 'i');
    const found: string[] = [];
    for (const dir of scanned)
      for (const file of files(join(root, dir))) {
        const lines = readFileSync(file, 'utf8').split('\n');
        for (const [i, line] of lines.entries()) {
          if (/^\s*(\/\/|\/\*|\*)/.test(line)) continue; // prose in comments may name them
          const code = line.replaceAll('\\/', '/'); // a path typed inside a regular expression
          if (!any.test(code)) continue;
          for (const [what, pattern] of needles)
            if (pattern.test(code)) found.push(`${relative(root, file)}:${i + 1} types ${what}`);
        }
      }
    expect(found, 'read these from generated/contract.ts instead').toEqual([]);
  });
});
