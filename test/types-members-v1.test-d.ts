// Type-level tests of the owner's v1 member calls as a consumer sees them: the batch body, the
// client's methods (share and revoke wait for a job; the list is an async iterable of members; the
// page and the read are typed), the reasons they add, and the raw client's query. Checked by tsc
// through vitest's typecheck mode: each @ts-expect-error must be an error, or the run fails.
import { describe, expectTypeOf, it } from 'vitest';
import { type ErrorReason, exampleIds, operationRules } from '../generated/contract.js';
import type { components } from '../generated/types.js';
import { type BatchMembers, createImsClient, type JobOutcome, type Member, type MemberPage } from '../src/index.js';

const client = createImsClient({ baseUrl: 'http://127.0.0.1:4010', token: 't', projectId: exampleIds.project_id });
const images = [exampleIds.image_id];
const projects = [exampleIds.member_id];

describe('the batch add and delete body', () => {
  it('takes images and projects, and optionally domains and organizations', () => {
    expectTypeOf({ images, projects }).toExtend<BatchMembers>();
    expectTypeOf({ images, projects, domains: ['d'], organizations: ['o'] }).toExtend<BatchMembers>();
    expectTypeOf<BatchMembers>().toEqualTypeOf<components['schemas']['BatchMembers']>();
  });

  it('refuses a body without images or projects, or with a status', () => {
    // @ts-expect-error projects is required
    const noProjects: BatchMembers = { images };
    // @ts-expect-error images is required
    const noImages: BatchMembers = { projects };
    // @ts-expect-error a member's status is not the owner's to send
    const status: BatchMembers = { images, projects, status: 'accepted' };
    void [noProjects, noImages, status];
  });
});

describe('the client', () => {
  it('shares and revokes by waiting for the job', () => {
    expectTypeOf(client.shareImages(images, projects)).toEqualTypeOf<Promise<JobOutcome>>();
    expectTypeOf(client.revokeImages(images, projects, { firstPollMs: 10 })).toEqualTypeOf<Promise<JobOutcome>>();
    expectTypeOf(client.batchAddImageMembers({ images, projects })).resolves.toHaveProperty('job_id');
    // @ts-expect-error the projects are a list
    void client.shareImages(images, exampleIds.member_id);
  });

  it('lists members as an async iterable, and one page with its page_info', () => {
    expectTypeOf(client.listImageMembersV1(exampleIds.image_id, { limit: 100 })).toEqualTypeOf<AsyncIterable<Member>>();
    expectTypeOf(client.listImageMembersV1Page(exampleIds.image_id)).resolves.toEqualTypeOf<MemberPage>();
    expectTypeOf<NonNullable<MemberPage['page_info']>['next_marker']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<MemberPage['page_info']>['current_count']>().toEqualTypeOf<number>();
    // @ts-expect-error the page size is a number
    void client.listImageMembersV1Page(exampleIds.image_id, { limit: '100' });
    expectTypeOf(client.showImageMemberV1(exampleIds.image_id, exampleIds.member_id)).resolves.toEqualTypeOf<Member>();
  });

  it('names the new reasons', () => {
    expectTypeOf<'share_with_self'>().toExtend<ErrorReason>();
    expectTypeOf<'member_quota_reached'>().toExtend<ErrorReason>();
    expectTypeOf<'invalid_marker'>().toExtend<ErrorReason>();
    // @ts-expect-error not a reason of the spec
    expectTypeOf<'share_with_yourself'>().toExtend<ErrorReason>();
  });

  it('types the raw list query', () => {
    const path = operationRules.listImageMembersV1.path;
    void client.raw.GET(path, {
      params: { path: { project_id: exampleIds.project_id, image_id: exampleIds.image_id }, query: { limit: 10 } },
    });
    void client.raw.GET(path, {
      // @ts-expect-error limit is a number
      params: { path: { project_id: exampleIds.project_id, image_id: exampleIds.image_id }, query: { limit: 'ten' } },
    });
  });
});
