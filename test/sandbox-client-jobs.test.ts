// The client's batch flow against the sandbox in-process (sandbox.fetch, no port): accept several
// images and wait for the job, a job that fails in part as a typed error with its job ID, code,
// reason and failed images, polls answering 503 before the job shows, and the batch's own errors
// with their reasons. A world with short job durations keeps each wait well under a second.
import { describe, expect, it } from 'vitest';
import { exampleIds } from '../generated/contract.js';
import { createImsClient, ImsApiError, ImsJobFailedError } from '../src/index.js';
import { examplesOf } from '../src/sandbox/answers.js';
import { createSandbox, defaultWorld, scenarios, type World } from '../src/sandbox/index.js';

const world: World = { ...defaultWorld, job_timing: { init_ms: 10, running_ms: 60 } };
const own = exampleIds.member_id;
const clientOf = (sandbox = createSandbox({ world })) => ({
  sandbox,
  ims: createImsClient({ baseUrl: 'http://sandbox.test', token: 'member-token', projectId: own, fetch: sandbox.fetch }),
});
const wait = { firstPollMs: 20, maxPollMs: 40, waitTimeoutMs: 10_000 };
const shared = defaultWorld.images.filter((i) => i.visibility !== 'private' && !i.full_ecs_by_cbr && !i.error_shape);

describe('the client waits for a batch job in the sandbox', () => {
  it('accepts several images: SUCCESS, a result per image, the members accepted', async () => {
    const { sandbox, ims } = clientOf();
    const ids = shared.slice(0, 3).map((i) => i.id);
    const outcome = await ims.acceptSharedImages(ids, wait);
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.failedImages).toEqual([]);
    expect(outcome.results?.map((r) => r.image_id)).toEqual(ids);
    for (const id of ids)
      expect(
        sandbox
          .state()
          .images.find((i) => i.id === id)!
          .members.find((m) => m.project === 'member')!.status,
      ).toBe('accepted');
  });

  it('a job that fails in part is an ImsJobFailedError with the job ID, code, reason and failed images', async () => {
    const { ims } = clientOf();
    const fullEcs = defaultWorld.images.find((i) => i.full_ecs_by_cbr)!.id;
    const error = await ims
      .acceptSharedImages([shared[0]!.id, fullEcs], { ...wait, vaultId: 'vault-of-someone-else' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImsJobFailedError);
    const failure = error as ImsJobFailedError;
    const unavailable = (
      examplesOf('updateImageMemberStatus')[400]!.vault_unavailable!.value as {
        error: { code: string; message: string };
      }
    ).error;
    expect(failure).toMatchObject({ errorCode: unavailable.code, failReason: unavailable.message });
    expect(failure.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(failure.failedImages.map((i) => i.imageId)).toEqual([fullEcs]);
  });

  it('keeps polling through 503s: the recovering job of the scenario table', async () => {
    const { ims } = clientOf();
    const row = scenarios.find((s) => s.name === 'progress_unavailable_then_recovers')!;
    const jobId = row.request.path.split('/').pop()!;
    const outcome = await ims.waitForJob(jobId, wait);
    expect(outcome.status).toBe('SUCCESS');
  });

  it("the batch's own errors carry the reasons the spec names", async () => {
    const { ims } = clientOf();
    const owner = defaultWorld.projects.owner!.id;
    const mismatch = await ims
      .acceptSharedImages([shared[0]!.id], { ...wait, projectId: owner })
      .catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(ImsApiError);
    expect((mismatch as ImsApiError).reason).toBe('project_id_mismatch');
    const unknownJob = await ims.showJobProgress('ffffffffffffffffffffffffffff0404').catch((e: unknown) => e);
    expect((unknownJob as ImsApiError).reason).toBe('job_not_found');
  });
});
