// `npm run verify` against the static mock (`npm run mock`: real Prism on the spec, started once
// by the global setup), every operation and --apply. Prism answers each request from the spec's
// examples and keeps no state, so verify must find exactly what a static mock cannot do (know
// an image or a job is unknown, echo the job it was asked about) and nothing else: every other
// answer is the contract's own example, so it must conform.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Result, verify } from '../scripts/verify/index.js';
import { running } from './support/servers.js';
import { imageId, memberId } from './support/spec.js';

let url: string;
beforeAll(async () => {
  url = await running('prismUrl', 60_000);
});

async function run(more: string[]) {
  let out = '';
  let err = '';
  const args = ['--base-url', url, '--token', 'mock-SECRET', '--image-id', imageId, '--member-id', memberId];
  const code = await verify([...args, '--json', ...more], {
    env: {},
    out: (t) => (out += t),
    err: (t) => (err += `${t}\n`),
  });
  expect(out + err).not.toContain('SECRET');
  return { code, err, ...(JSON.parse(out) as { results: Result[]; job?: { status: string; polls: number } }) };
}
const broken = (results: Result[]) =>
  results.filter((r) => !r.conforms).map((r) => [r.request, ...r.violations.map((v) => `${v.path} ${v.rule}`)]);

describe('npm run verify against the static mock', () => {
  it('every probe of every operation: only the unknown image and the unknown jobs are found, each a 200 example', async () => {
    const { code, results } = await run([]);
    expect(code).toBe(1);
    expect(results.length).toBeGreaterThanOrEqual(19);
    expect(broken(results)).toEqual([
      // In the spec's order of operations.
      ['show: unknown image', '$ expected'],
      ['unknown image', '$ expected'],
      ['delete: unknown image', '$ expected'],
      ['list: unknown image', '$ expected'],
      ['add: unknown image', '$ expected'],
      ['job progress: unknown job', '$ expected'],
      ['job (deprecated read): unknown job', '$ expected'],
    ]);
    for (const label of ['unknown image', 'job progress: unknown job'])
      expect(results.find((r) => r.request === label)).toMatchObject({ expected: 404, got: 200 });
  });

  it('--apply: the batch is taken and its job followed to SUCCESS, but the example job is not the one submitted', async () => {
    const { results, job, err } = await run([
      '--operations',
      'showMemberSchema',
      '--apply',
      'rejected',
      '--poll-ms',
      '50',
    ]);
    expect(job).toMatchObject({ status: 'SUCCESS', polls: 1 });
    expect(err).toMatch(/^\[poll 1 at [\d.]+ s\] 200 "SUCCESS", process_percent 1$/m);
    expect(broken(results)).toEqual([
      ['poll 1: job progress', '$.job_id echo'],
      ['job results (deprecated read)', '$.job_id echo', '$.entities.results results', '$.entities.results results'],
    ]);
  });
});
