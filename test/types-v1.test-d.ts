// Type-level tests of the v1 operations as a consumer sees them: the generated types, and the
// client's `raw` openapi-fetch client typed by them. Checked by tsc through vitest's typecheck
// mode: each @ts-expect-error must be an error, or the run fails.
import { describe, expectTypeOf, it } from 'vitest';
import { type ErrorReason, exampleIds, type OperationId, operationRules, reasonOf } from '../generated/contract.js';
import type { components, operations, paths } from '../generated/types.js';
import { createImsClient } from '../src/index.js';

type Schemas = components['schemas'];
type BatchBody = Schemas['BatchMemberStatusUpdate'];
type JobStatus = Schemas['JobStatus'];

const client = createImsClient({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
const batchPath = operationRules.batchUpdateImageMembers.path;
const progressPath = operationRules.showJobProgress.path;
const jobPath = operationRules.showJob.path;
const images = [exampleIds.image_id];
const project_id = exampleIds.project_id;

describe('the batch body', () => {
  it('admits an accept, with or without a vault, and a reject', () => {
    expectTypeOf({ images, project_id, status: 'accepted' } as const).toExtend<BatchBody>();
    expectTypeOf({ images, project_id, status: 'accepted', vault_id: 'v' } as const).toExtend<BatchBody>();
    expectTypeOf({ images, project_id, status: 'rejected' } as const).toExtend<BatchBody>();
    void client.raw.PUT(batchPath, { body: { images, project_id, status: 'accepted', vault_id: 'v' } });
    void client.raw.PUT(batchPath, { body: { images, project_id, status: 'rejected' } });
  });

  it('refuses a reject with vault_id', () => {
    // @ts-expect-error vault_id only goes with accepted
    const body: BatchBody = { images, project_id, status: 'rejected', vault_id: 'v' };
    void body;
    // @ts-expect-error the same through the typed raw client
    void client.raw.PUT(batchPath, { body: { images, project_id, status: 'rejected', vault_id: 'v' } });
  });

  it('refuses a body without images or project_id, or with a status Huawei does not document', () => {
    // @ts-expect-error images is required
    const noImages: BatchBody = { project_id, status: 'accepted' };
    // @ts-expect-error project_id is required
    const noProject: BatchBody = { images, status: 'accepted' };
    // @ts-expect-error pending is Glance's, not Huawei's
    const pending: BatchBody = { images, project_id, status: 'pending' };
    // @ts-expect-error images is a list of IDs, not one ID
    const oneImage: BatchBody = { images: exampleIds.image_id, project_id, status: 'accepted' };
    void [noImages, noProject, pending, oneImage];
  });
});

describe('the job', () => {
  it('has exactly the four statuses, so a switch over them can be exhaustive', () => {
    expectTypeOf<JobStatus>().toEqualTypeOf<'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL'>();
    expectTypeOf<Schemas['JobProgress']['status']>().toEqualTypeOf<JobStatus>();
    expectTypeOf<Schemas['Job']['status']>().toEqualTypeOf<JobStatus>();
    const final = (status: JobStatus): boolean => {
      switch (status) {
        case 'INIT':
        case 'RUNNING':
          return false;
        case 'SUCCESS':
        case 'FAIL':
          return true;
        default: {
          const unhandled: never = status;
          return unhandled;
        }
      }
    };
    void final;
    // @ts-expect-error a status the spec does not list
    const unknown: JobStatus = 'DONE';
    void unknown;
  });

  it('says null where the documents say null, and tolerates fields it does not list', () => {
    expectTypeOf<Schemas['JobProgress']['error_code']>().toEqualTypeOf<string | null>();
    expectTypeOf<Schemas['JobProgress']['fail_reason']>().toEqualTypeOf<string | null>();
    expectTypeOf<Schemas['JobProgress']['end_time']>().toEqualTypeOf<string | null>();
    expectTypeOf<NonNullable<Schemas['JobProgressEntities']['process_percent']>>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<Schemas['JobEntities']['results']>[number]>().toHaveProperty('image_id');
    expectTypeOf<Schemas['JobProgress']>().toExtend<{ [key: string]: unknown }>();
    expectTypeOf<Schemas['Job']>().toExtend<{ [key: string]: unknown }>();
    expectTypeOf<Schemas['BatchJob']>().toExtend<{ [key: string]: unknown }>();
  });

  it('comes from the generated paths, read through the raw client', () => {
    type Progress = paths[typeof progressPath]['get']['responses'][200]['content']['application/json'];
    expectTypeOf<Progress>().toEqualTypeOf<Schemas['JobProgress']>();
    type Submitted = operations['batchUpdateImageMembers']['responses'][200]['content']['application/json'];
    expectTypeOf<Submitted['job_id']>().toEqualTypeOf<string>();
    void client.raw.GET(progressPath, { params: { path: { job_id: exampleIds.job_id } } });
    void client.raw.GET(jobPath, { params: { path: { project_id, job_id: exampleIds.job_id } } });
    // @ts-expect-error showJob needs the project too
    void client.raw.GET(jobPath, { params: { path: { job_id: exampleIds.job_id } } });
  });
});

describe('reasons', () => {
  it('are a closed union a UI can switch on, for every operation', () => {
    expectTypeOf(reasonOf).returns.toEqualTypeOf<ErrorReason | undefined>();
    expectTypeOf<'job_not_found'>().toExtend<ErrorReason>();
    expectTypeOf<'vault_unavailable'>().toExtend<ErrorReason>();
    expectTypeOf<'owner_cannot_set_status'>().toExtend<ErrorReason>();
    // @ts-expect-error not a reason the spec names
    const made: ErrorReason = 'something_else';
    void made;
    expectTypeOf<'showJob'>().toExtend<OperationId>();
    // @ts-expect-error reasonOf takes only the spec's operations
    void reasonOf('deleteImage', 404, {});
  });
});
