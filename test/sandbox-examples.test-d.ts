// Type-level tests of the sandbox's named answers: an operation answers only with a status it
// declares and a name the spec gives one of that status's examples (generated/contract.ts
// `ExampleName`). Each @ts-expect-error must be an error, or the run fails.
import { describe, expectTypeOf, it } from 'vitest';
import type { ExampleName, ExampleStatus } from '../generated/contract.js';
import type { components } from '../generated/types.js';
import { namedAnswer } from '../src/sandbox/answers.js';
import type { JobStatus, MemberDecision, MemberStatus } from '../src/sandbox/index.js';
import type { OperationContext, OperationModule } from '../src/sandbox/operations/types.js';

declare const update: OperationContext<'updateImageMemberStatus'>;
declare const job: OperationContext<'showJob'>;

describe("an operation's context", () => {
  it('takes the spec’s example names for a status, and nothing else', () => {
    update.example(400, 'vault_id_required');
    update.example(200, 'accepted', { 'Retry-After': '1' });
    // @ts-expect-error a misspelled name
    update.example(400, 'vault_id_requierd');
    // @ts-expect-error a name of another status of the same operation
    update.example(404, 'vault_id_required');
    // @ts-expect-error a status the operation does not declare
    update.example(418, 'vault_id_required');
    // @ts-expect-error a name of another operation (batchUpdateImageMembers' 404)
    update.example(404, 'project_not_found');
    job.example(404, 'job_not_found');
    // @ts-expect-error updateImageMemberStatus' 404, not showJob's
    job.example(404, 'image_not_found');
    // @ts-expect-error any string will not do
    update.example(400, 'some name' as string);
  });

  it('names the statuses and examples by operation', () => {
    expectTypeOf<'vault_id_required'>().toExtend<ExampleName<'updateImageMemberStatus', 400>>();
    expectTypeOf<'job_not_found'>().not.toExtend<ExampleName<'updateImageMemberStatus', 404>>();
    expectTypeOf<ExampleName<'updateImageMemberStatus', 418>>().toBeNever();
    expectTypeOf<400>().toExtend<ExampleStatus<'updateImageMemberStatus'>>();
    expectTypeOf<418>().not.toExtend<ExampleStatus<'updateImageMemberStatus'>>();
  });
});

describe('an operation module', () => {
  it('names its 401 examples from its own operation', () => {
    const good: OperationModule<'showJob'> = {
      examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
      judge: (c) => c.example(404, 'job_not_found'),
    };
    const misspelled: OperationModule<'showJob'> = {
      // @ts-expect-error a misspelled 401 example
      examples: { tokenMissing: 'token_mising', tokenInvalid: 'token_invalid' },
      // @ts-expect-error an example showJob does not have
      judge: (c) => c.example(400, 'vault_id_required'),
    };
    expectTypeOf(good).toEqualTypeOf(misspelled);
  });
});

describe('namedAnswer', () => {
  it('is typed the same way', () => {
    namedAnswer('showJobProgress', 200, 'running', {});
    // @ts-expect-error showJob's example, not showJobProgress's
    namedAnswer('showJobProgress', 200, 'partly_failed', {});
  });
});

describe("the sandbox's statuses", () => {
  it('are the spec’s schemas', () => {
    expectTypeOf<MemberStatus>().toEqualTypeOf<components['schemas']['Member']['status']>();
    expectTypeOf<MemberDecision>().toEqualTypeOf<components['schemas']['MemberStatusUpdate']['status']>();
    expectTypeOf<JobStatus>().toEqualTypeOf<components['schemas']['JobStatus']>();
  });
});
