// Type-level tests, checked by tsc through vitest's typecheck mode: each @ts-expect-error must
// be an error, or the run fails. The types come from generated/, derived from the spec.
import { describe, expectTypeOf, it } from 'vitest';
import { type ErrorReason, exampleIds, operationRules } from '../generated/contract.js';
import type { paths } from '../generated/types.js';
import {
  type BatchJob,
  createImsClient,
  type ImsApiError,
  type ImsResult,
  type Job,
  type JobOutcome,
  type JobProgress,
  type Member,
  type MemberStatusUpdate,
} from '../src/index.js';

const client = createImsClient({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
const memberStatusPath = operationRules.updateImageMemberStatus.path;
const image = exampleIds.image_id;
const member = exampleIds.member_id;

describe('the request body', () => {
  it('admits the valid forms', () => {
    expectTypeOf({ status: 'accepted' } as const).toExtend<MemberStatusUpdate>();
    expectTypeOf({ status: 'accepted', vault_id: 'v' } as const).toExtend<MemberStatusUpdate>();
    expectTypeOf({ status: 'rejected' } as const).toExtend<MemberStatusUpdate>();
    expectTypeOf(client.updateMemberStatus).parameter(2).toEqualTypeOf<MemberStatusUpdate>();
  });

  it('refuses a reject with vault_id', () => {
    // @ts-expect-error vault_id only goes with accepted
    void client.updateMemberStatus(image, member, { status: 'rejected', vault_id: 'v' });
    // @ts-expect-error the same on a typed variable (an object literal is checked for excess fields)
    const body: MemberStatusUpdate = { status: 'rejected', vault_id: 'v' };
    void body;
  });

  it('refuses an unknown status', () => {
    // @ts-expect-error pending is Glance's, not Huawei's
    void client.updateMemberStatus(image, member, { status: 'pending' });
    // @ts-expect-error values are case-sensitive
    void client.updateMemberStatus(image, member, { status: 'ACCEPTED' });
  });

  it('refuses a misspelled field', () => {
    // @ts-expect-error vaultId is the option name, vault_id the body field
    void client.updateMemberStatus(image, member, { status: 'accepted', vaultId: 'v' });
    // @ts-expect-error the option is vaultId
    void client.acceptSharedImage(image, member, { vault_id: 'v' });
  });
});

describe('path parameters', () => {
  it('are required', () => {
    // @ts-expect-error member_id missing
    void client.rejectSharedImage(image);
    void client.raw.PUT(memberStatusPath, {
      // @ts-expect-error member_id missing from the raw call
      params: { path: { image_id: image } },
      body: { status: 'accepted' },
    });
    void client.raw.PUT(memberStatusPath, {
      params: { path: { image_id: image, member_id: member } },
      body: { status: 'accepted' },
    });
  });
});

describe('answers', () => {
  it('resolve to the spec Member', () => {
    expectTypeOf(client.acceptSharedImage).returns.resolves.toEqualTypeOf<Member>();
    expectTypeOf(client.rejectSharedImage).returns.resolves.toEqualTypeOf<Member>();
    expectTypeOf<Member['status']>().toEqualTypeOf<'pending' | 'accepted' | 'rejected'>();
    expectTypeOf<Member>().toHaveProperty('updated_at').toEqualTypeOf<string>();
  });

  it('tolerate fields the spec does not list', () => {
    expectTypeOf<Member>().toExtend<{ [key: string]: unknown }>();
  });

  it('come from the generated paths', () => {
    type Ok = paths[typeof memberStatusPath]['put']['responses'][200]['content']['application/json'];
    expectTypeOf<Ok>().toEqualTypeOf<Member>();
  });
});

describe('the v1 client methods', () => {
  it('a reject takes no vault, an accept may', () => {
    void client.acceptSharedImages([image], { vaultId: 'v' });
    // @ts-expect-error a vault holds images you accept, never ones you reject
    void client.rejectSharedImages([image], { vaultId: 'v' });
  });

  it('resolve to the named exported types', () => {
    expectTypeOf(client.acceptSharedImages).returns.resolves.toEqualTypeOf<JobOutcome>();
    expectTypeOf(client.showJobProgress).returns.resolves.toEqualTypeOf<JobProgress>();
    expectTypeOf(client.showJob).returns.resolves.toEqualTypeOf<Job>();
    expectTypeOf(client.batchUpdateImageMembers).returns.resolves.toEqualTypeOf<BatchJob>();
    expectTypeOf(client.acceptSharedImage(image, member).withDetails()).resolves.toEqualTypeOf<ImsResult<Member>>();
  });

  it('an API error reason is the generated union', () => {
    expectTypeOf<ImsApiError['reason']>().toEqualTypeOf<ErrorReason | undefined>();
  });
});
