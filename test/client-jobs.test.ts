// The v1 client against real local servers (node:http) scripted to move a job: submit a batch
// update, poll its progress, read its per-image results, and end in an outcome or a typed
// error that carries the job's ID. Poll intervals are a few milliseconds, so nothing sleeps long.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createImsClient,
  ImsAbortError,
  ImsApiError,
  type ImsClientOptions,
  ImsContractError,
  ImsInputError,
  ImsJobFailedError,
  ImsTimeoutError,
  type JobProgressEvent,
} from '../src/index.js';
import { type FaultServer, type Step, startJobServer } from './support/fault-server.js';
import { imageId, memberId } from './support/spec.js';

const otherImage = randomUUID();
const JOB = 'job0123456789abcdef';
const fast = { firstPollMs: 5, maxPollMs: 20 };

const progress = (status: string, percent?: number, more: Record<string, unknown> = {}): Step => ({
  answer: 200,
  body: {
    job_id: JOB,
    job_type: 'imsUpdateImageMembersJob',
    status,
    begin_time: '2026-11-29T10:00:00.000Z',
    end_time: status === 'SUCCESS' || status === 'FAIL' ? '2026-11-29T10:00:01.000Z' : null,
    error_code: null,
    fail_reason: null,
    entities: percent === undefined ? {} : { process_percent: percent },
    ...more,
  },
});
const job = (status: string, results: { image_id: string; status: string }[], more: Record<string, unknown> = {}) => {
  const step = progress(status, 1, more) as { answer: number; body: Record<string, unknown> };
  return { ...step, body: { ...step.body, entities: { results } } };
};
const submitted: Step = { answer: 200, body: { job_id: JOB } };

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(scripts: Parameters<typeof startJobServer>[0], options: Partial<ImsClientOptions> = {}) {
  server = await startJobServer(scripts);
  const client = createImsClient({
    baseUrl: server.url,
    token: 't',
    projectId: memberId,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  return { client, server };
}

const failure = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('the call should have failed');
    },
    (error: unknown) => error,
  );

describe('acceptSharedImages and rejectSharedImages wait for the outcome', () => {
  it('INIT, RUNNING, SUCCESS: the outcome with a result per image, and progress reported', async () => {
    const results = [
      { image_id: imageId, status: 'SUCCESS' },
      { image_id: otherImage, status: 'success' },
    ];
    const { client, server } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [progress('INIT', 0), progress('RUNNING', 0.5), progress('SUCCESS', 1)],
      showJob: [job('SUCCESS', results)],
    });
    const seen: JobProgressEvent[] = [];
    const outcome = await client.acceptSharedImages([imageId, otherImage], {
      ...fast,
      onProgress: (event) => seen.push(event),
    });
    expect(outcome).toMatchObject({ jobId: JOB, status: 'SUCCESS', polls: 3, results, failedImages: [] });
    expect(seen.map((e) => [e.status, e.percent, e.polls])).toEqual([
      ['INIT', 0, 1],
      ['RUNNING', 0.5, 2],
      ['SUCCESS', 1, 3],
    ]);
    const [submit] = server.requests;
    expect(submit).toMatchObject({ method: 'PUT', operationId: 'batchUpdateImageMembers' });
    expect(JSON.parse(submit!.body)).toEqual({
      images: [imageId, otherImage],
      project_id: memberId,
      status: 'accepted',
    });
    expect(server.requests.map((r) => r.operationId)).toEqual([
      'batchUpdateImageMembers',
      'showJobProgress',
      'showJobProgress',
      'showJobProgress',
      'showJob',
    ]);
    expect(server.requests[4]!.url).toContain(memberId);
  });

  it('a vault ID goes with an accept', async () => {
    const { client, server } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [progress('SUCCESS', 1)],
      showJob: [job('SUCCESS', [])],
    });
    await client.acceptSharedImages([imageId], { ...fast, vaultId: 'vault-1' });
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ status: 'accepted', vault_id: 'vault-1' });
  });

  it('FAIL: ImsJobFailedError with the job ID, error_code, fail_reason and the images that failed', async () => {
    const { client } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [
        progress('RUNNING', 0.2),
        progress('FAIL', 1, { error_code: 'IMG.0106', fail_reason: 'not shared' }),
      ],
      showJob: [
        job(
          'FAIL',
          [
            { image_id: imageId, status: 'SUCCESS' },
            { image_id: otherImage, status: 'FAIL' },
          ],
          { error_code: 'IMG.0106', fail_reason: 'not shared' },
        ),
      ],
    });
    const error = await failure(client.rejectSharedImages([imageId, otherImage], fast));
    expect(error).toBeInstanceOf(ImsJobFailedError);
    expect(error).toMatchObject({
      kind: 'job_failed',
      jobId: JOB,
      errorCode: 'IMG.0106',
      failReason: 'not shared',
      failedImages: [{ imageId: otherImage, status: 'FAIL' }],
    });
    expect((error as Error).message).toContain(otherImage);
  });

  it('without ShowJob (it answers 404): the outcome stands, with no per-image results', async () => {
    const { client } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [progress('SUCCESS', 1)],
      showJob: [{ answer: 404, body: { error: { code: 'IMG.0023', message: 'gone' } } }],
    });
    const outcome = await client.acceptSharedImages([imageId], fast);
    expect(outcome).toMatchObject({ status: 'SUCCESS', results: undefined, polls: 1 });
  });

  it('transient poll failures (503, a reset, 500, a hang past the attempt limit) are survived', async () => {
    const { client, server } = await setup(
      {
        batchUpdateImageMembers: [submitted],
        showJobProgress: [
          { answer: 503, body: { error: { code: 'IMG.0000', message: 'busy' } } },
          { reset: true },
          { answer: 500, body: { error: { code: 'IMG.0000', message: 'oops' } } },
          { hang: true },
          progress('SUCCESS', 1),
        ],
        showJob: [job('SUCCESS', [{ image_id: imageId, status: 'SUCCESS' }])],
      },
      { retry: false, timeoutMs: 200 },
    );
    const outcome = await client.acceptSharedImages([imageId], fast);
    expect(outcome).toMatchObject({ status: 'SUCCESS', polls: 1 });
    expect(server.requests.filter((r) => r.operationId === 'showJobProgress')).toHaveLength(5);
  });

  it('the batch call itself is never resent after a 503 (the spec marks it not idempotent)', async () => {
    const { client, server } = await setup({
      batchUpdateImageMembers: [{ answer: 503, body: { error: { code: 'IMG.0000', message: 'busy' } } }, submitted],
    });
    const error = await failure(client.acceptSharedImages([imageId], fast));
    expect(error).toBeInstanceOf(ImsApiError);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect((error as ImsApiError).jobId).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('a 200 poll with Retry-After: the next poll waits as told', async () => {
    const { client } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [
        { ...(progress('RUNNING', 0.5) as { answer: number; body: unknown }), headers: { 'Retry-After': '1' } },
        progress('SUCCESS', 1),
      ],
      showJob: [job('SUCCESS', [])],
    });
    const started = performance.now();
    await client.acceptSharedImages([imageId], fast);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('the interval grows from firstPollMs by half up to maxPollMs', async () => {
    const { client } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [...Array(6).fill(progress('RUNNING', 0.5)), progress('SUCCESS', 1)],
      showJob: [job('SUCCESS', [])],
    });
    const at: number[] = [];
    await client.acceptSharedImages([imageId], {
      firstPollMs: 40,
      maxPollMs: 100,
      onProgress: () => at.push(performance.now()),
    });
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // Planned: 60, 90, 100, 100, 100, 100 ms after each poll; a loaded machine only adds to them.
    for (const [i, planned] of [60, 90, 100, 100, 100, 100].entries())
      expect(gaps[i]).toBeGreaterThanOrEqual(planned - 5);
  });
});

describe('every error while waiting carries the job ID, and waitForJob resumes', () => {
  it('a job that never ends: the wait deadline wins (ImsTimeoutError, scope wait), then waitForJob resumes', async () => {
    const { client, server } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [progress('RUNNING', 0.1)],
      showJob: [job('SUCCESS', [])],
    });
    const started = performance.now();
    const error = await failure(client.acceptSharedImages([imageId], { ...fast, waitTimeoutMs: 150 }));
    expect(error).toBeInstanceOf(ImsTimeoutError);
    expect(error).toMatchObject({ scope: 'wait', timeoutMs: 150, jobId: JOB });
    expect((error as Error).message).toMatch(/waitForJob\(jobId\) resumes the wait/);
    expect(performance.now() - started).toBeLessThan(3_000);
    // The service finishes the job later; resuming does not submit it again.
    await server.close();
    const later = await setup({ showJobProgress: [progress('SUCCESS', 1)], showJob: [job('SUCCESS', [])] });
    const outcome = await later.client.waitForJob((error as ImsTimeoutError).jobId!, fast);
    expect(outcome).toMatchObject({ jobId: JOB, status: 'SUCCESS' });
    expect(later.server.requests.some((r) => r.operationId === 'batchUpdateImageMembers')).toBe(false);
  });

  it('the caller aborts while waiting: ImsAbortError with the job ID', async () => {
    const { client } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [progress('RUNNING', 0.1)],
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(client.acceptSharedImages([imageId], { ...fast, signal: controller.signal }));
    expect(error).toBeInstanceOf(ImsAbortError);
    expect(error).toMatchObject({ jobId: JOB });
  });

  it('a 404 on a poll (an unknown job) ends the wait: ImsApiError with the job ID, not retried', async () => {
    const { client, server } = await setup({
      batchUpdateImageMembers: [submitted],
      showJobProgress: [{ answer: 404, body: { error: { code: 'IMG.0023', message: 'job not found' } } }],
    });
    const error = await failure(client.acceptSharedImages([imageId], fast));
    expect(error).toBeInstanceOf(ImsApiError);
    expect(error).toMatchObject({ status: 404, jobId: JOB, attempts: 1 });
    expect(server.requests.filter((r) => r.operationId === 'showJobProgress')).toHaveLength(1);
  });
});

describe('input is checked before anything is sent', () => {
  const cases: [string, () => [string[], Record<string, unknown>, 'accept' | 'reject'], string, RegExp][] = [
    ['an empty list', () => [[], {}, 'accept'], 'images', /images must not be empty/],
    [
      'an invalid image ID',
      () => [[imageId, 'nope'], {}, 'accept'],
      'images[1]',
      /images\[1\] must be an image ID like/,
    ],
    [
      'a duplicate',
      () => [[imageId, otherImage, imageId], {}, 'reject'],
      'images[2]',
      /images\[2\] repeats images\[0\]/,
    ],
    ['a vault ID on a reject', () => [[imageId], { vaultId: 'v' }, 'reject'], 'vaultId', /not allowed on a reject/],
    ['no project', () => [[imageId], { projectId: undefined }, 'accept'], 'projectId', /projectId is required/],
    ['a project ID with a slash', () => [[imageId], { projectId: 'a/b' }, 'accept'], 'project_id', /project_id/],
  ];
  for (const [label, args, field, message] of cases) {
    it(label, async () => {
      const { client, server } = await setup(
        { batchUpdateImageMembers: [submitted] },
        label === 'no project' ? { projectId: undefined } : {},
      );
      const [ids, options, which] = args();
      const call =
        which === 'accept'
          ? client.acceptSharedImages(ids, { ...fast, ...options })
          : client.rejectSharedImages(ids, { ...fast, ...(options as object) });
      const error = await failure(call);
      expect(error).toBeInstanceOf(ImsInputError);
      expect(error).toMatchObject({ field });
      expect((error as Error).message).toMatch(message);
      expect(server.requests).toHaveLength(0);
    });
  }
});

describe('the typed v1 methods alone', () => {
  it('batchUpdateImageMembers resolves to the job ID; a 200 without one is a contract error', async () => {
    const { client } = await setup({
      batchUpdateImageMembers: [submitted, { answer: 200, body: { job_id: '' } }, { answer: 200, body: { job_id: 7 } }],
    });
    const body = { images: [imageId], project_id: memberId, status: 'rejected' as const };
    expect(await client.batchUpdateImageMembers(body)).toEqual({ job_id: JOB });
    for (const rule of ['minLength', 'type']) {
      const error = await failure(client.batchUpdateImageMembers(body));
      expect(error).toBeInstanceOf(ImsContractError);
      expect((error as ImsContractError).violations[0]).toMatchObject({ path: '$.job_id', rule });
    }
  });

  it('showJobProgress and showJob read a job; showJob needs a project', async () => {
    const { client } = await setup({ showJobProgress: [progress('RUNNING', 0.3)], showJob: [job('SUCCESS', [])] });
    expect(await client.showJobProgress(JOB)).toMatchObject({ status: 'RUNNING', entities: { process_percent: 0.3 } });
    expect(await client.showJob(JOB)).toMatchObject({ status: 'SUCCESS' });
    const bare = createImsClient({ baseUrl: server!.url, token: 't' });
    expect(await failure(bare.showJob(JOB))).toMatchObject({ kind: 'input', field: 'projectId' });
  });
});
