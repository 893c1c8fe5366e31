// `npm run verify` against the sandbox (createSandbox served over node:http, the server `npm start`
// puts behind Prism), every operation and --apply, on the default world with short job durations:
// the sandbox keeps state, so every probe must conform and a real batch job must be followed to
// its end. A job that fails (an image the member's vault cannot hold) must come out as exactly
// one finding, the outcome, with the sandbox's error_code and fail_reason and a result per image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds } from '../generated/contract.js';
import { serveSandbox } from '../scripts/sandbox-server.js';
import { type Result, verify } from '../scripts/verify/index.js';
import { createSandbox, defaultWorld } from '../src/sandbox/index.js';

let server: Awaited<ReturnType<typeof serveSandbox>>;
beforeAll(async () => {
  const world = { ...defaultWorld, job_timing: { init_ms: 50, running_ms: 200 } };
  server = await serveSandbox(createSandbox({ world }), { host: '127.0.0.1', port: 0 });
});
afterAll(() => server.close());

/** The world's scenario row of this name: its request, as the sandbox's own data gives it. */
const row = (name: string) => defaultWorld.scenarios!.find((r) => r.name === name)!.request as Record<string, unknown>;

async function run(more: string[]) {
  let out = '';
  let err = '';
  const args = ['--base-url', server.url, '--token', 'member-SECRET'];
  const ids = ['--image-id', exampleIds.image_id, '--member-id', exampleIds.member_id];
  const code = await verify([...args, ...ids, '--json', '--poll-ms', '50', ...more], {
    env: {},
    out: (t) => (out += t),
    err: (t) => (err += `${t}\n`),
  });
  expect(out + err).not.toContain('SECRET');
  return { code, err, ...(JSON.parse(out) as { results: Result[]; job?: Record<string, unknown> }) };
}

describe('npm run verify against the sandbox', () => {
  it('every probe conforms, and a batch accept is followed through INIT and RUNNING to SUCCESS', async () => {
    const { code, results, job, err } = await run(['--apply', 'accepted']);
    expect(
      results.filter((r) => !r.conforms),
      err,
    ).toEqual([]);
    expect(code).toBe(0);
    expect(results.length).toBeGreaterThan(21);
    expect(job).toMatchObject({ status: 'SUCCESS', ended: true });
    expect(err).toMatch(/\] 200 "RUNNING", process_percent/);
    expect(job!.results).toEqual([expect.objectContaining({ image_id: exampleIds.image_id })]);
  });

  it('a batch whose job fails: one finding, the outcome, with the reason and a result per image', async () => {
    const failing = row('batch_job_fails');
    const images = failing.images as string[];
    const { code, results, job } = await run([
      '--operations',
      'showMemberSchema',
      '--apply',
      'accepted',
      '--images',
      images.join(','),
      '--vault-id',
      failing.vault_id as string,
    ]);
    expect(code).toBe(1);
    const broken = results.filter((r) => !r.conforms);
    expect(broken.map((r) => [r.request, r.violations.map((v) => v.rule)])).toEqual([
      [`job ${job!.jobId} outcome`, ['outcome']],
    ]);
    expect(broken[0]!.violations[0]!.message).toMatch(
      /^the job ended FAIL \(error_code "IMG\.\d{4}", fail_reason ".+"\)/,
    );
    expect((job!.results as { image_id: string }[]).map((r) => r.image_id).sort()).toEqual([...images].sort());
  });

  it('--share: the owner shares the image and revokes it again; the revoked member reads as 404', async () => {
    let out = '';
    const stranger = defaultWorld.projects.stranger!.id;
    const code = await verify(
      [
        ...['--base-url', server.url, '--token', defaultWorld.projects.owner!.tokens![0]!],
        ...['--image-id', exampleIds.image_id, '--member-id', exampleIds.member_id, '--json'],
        ...['--operations', 'listImageMembers,showImageMember,addImageMember,deleteImageMember', '--share', stranger],
      ],
      { env: {}, out: (t) => (out += t), err: () => {} },
    );
    const { results } = JSON.parse(out) as { results: Result[] };
    expect(results.filter((r) => !r.conforms)).toEqual([]);
    expect(code).toBe(0);
    const got = (label: string) => results.find((r) => r.request === label)?.got;
    expect([got('share with --share'), got('revoke --share'), got('show the revoked member')]).toEqual([200, 204, 404]);
  });
});

describe('npm run verify -- --ak … --sk … against the sandbox', () => {
  it('signs every probe, and probes the gateway’s refusals: a wrong SK, an unknown AK, a skewed clock', async () => {
    const key = defaultWorld.projects.member!.access_keys![0]!;
    let out = '';
    let err = '';
    const args = ['--base-url', server.url, '--ak', key.ak, '--sk', key.sk, '--project-id', exampleIds.member_id];
    const ids = ['--image-id', exampleIds.image_id, '--member-id', exampleIds.member_id];
    const code = await verify([...args, ...ids, '--json'], {
      env: {},
      out: (t) => (out += t),
      err: (t) => (err += `${t}\n`),
    });
    expect(out + err).not.toContain(key.sk);
    const { results } = JSON.parse(out) as { results: Result[] };
    expect(results.filter((r) => !r.conforms)).toEqual([]);
    expect(code).toBe(0);
    const refusals = results.filter((r) => /signed with|clock skew/.test(r.request));
    expect(refusals.map((r) => [r.expected, r.got])).toEqual([
      [401, 401],
      [401, 401],
      [401, 401],
    ]);
  });
});
