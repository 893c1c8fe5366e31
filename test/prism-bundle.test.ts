// Prism as one file (scripts/prism-bundle.ts) is the Prism the lock file installed: started from
// the bundle and started straight from node_modules, the two answer the same generated requests
// with the same status, headers and bytes. And a code cache V8 refuses (corrupt, or from
// another Node) costs a slower start, never a failed one: it is rewritten.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type RunningPrism, startPrism } from '../scripts/prism.js';
import { prismCli, prismEntry } from '../scripts/prism-bundle.js';
import { invalidRequests, unauthenticatedRequests, validRequests } from './support/request-arbitraries.js';
import { memberUrl } from './support/spec.js';

// Headers that differ between any two servers, or between two answers of one.
const varying = new Set(['date', 'connection', 'keep-alive']);

async function answer(
  base: string,
  request: { imageId: string; memberId: string; headers: Record<string, string>; body?: string },
) {
  const response = await fetch(memberUrl(base, request.imageId, request.memberId), {
    method: 'PUT',
    headers: request.headers,
    body: request.body,
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !varying.has(name)));
  return { status: response.status, headers, body: await response.text() };
}

describe('Prism from the bundle and Prism from node_modules', () => {
  // Under node_modules, as the bundle is, so that its require() of jsonc-parser resolves.
  const dir = mkdtempSync(join(projectRoot, 'node_modules/.cache/ims-prism-test-'));
  let installed: RunningPrism;
  let bundled: RunningPrism;
  let codeCache: string;
  beforeAll(async () => {
    const entry = await prismEntry({});
    expect(entry.file).not.toBe(prismCli);
    // The bundle's own code cache is left alone (the run's other Prisms use it): this one runs
    // with a cache of garbage beside a copy, as after a Node upgrade or a torn write.
    const file = join(dir, 'prism.cjs');
    copyFileSync(entry.file, file);
    codeCache = `${file}.v8cache`;
    writeFileSync(codeCache, 'not a V8 code cache');
    [installed, bundled] = await Promise.all([
      startPrism({ logLevel: 'fatal', entry: { file: prismCli } }),
      startPrism({ logLevel: 'fatal', entry: { file, codeCache } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([installed?.stop(), bundled?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('IMS_PRISM_BUNDLE=off chooses the CLI in node_modules, with no code cache', async () => {
    expect(await prismEntry({ IMS_PRISM_BUNDLE: 'off' })).toEqual({ file: prismCli });
  });

  it('a code cache V8 refuses is replaced by a real one once Prism listens', () => {
    expect(readFileSync(codeCache, 'utf8')).not.toBe('not a V8 code cache');
    expect(statSync(codeCache).size).toBeGreaterThan(1_000_000);
  });

  it('the same answers, byte for byte, to generated valid, invalid and unauthenticated requests', async () => {
    const requests = fc.sample(fc.oneof(validRequests, invalidRequests, unauthenticatedRequests), {
      numRuns: 150,
      seed: 20_26_12_03,
    });
    const statuses = new Set<number>();
    for (const request of requests) {
      const [fromInstalled, fromBundle] = await Promise.all([
        answer(installed.url, request),
        answer(bundled.url, request),
      ]);
      expect(fromBundle, request.label).toEqual(fromInstalled);
      statuses.add(fromInstalled.status);
    }
    // The sample reached every kind of answer, or the comparison would prove less than it says.
    expect([...statuses].sort()).toEqual([200, 400, 401]);
  });
});
