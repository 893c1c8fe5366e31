// Type-level tests of the owner's side (the Glance v2 member calls) as a consumer sees them: the
// client's methods and results, the reasons a UI switches on, and the raw client typed by the
// generated paths. Each @ts-expect-error must be an error, or the run fails.
import { describe, expectTypeOf, it } from 'vitest';
import { type ErrorReason, exampleIds, operationRules } from '../generated/contract.js';
import { createImsClient, type Member, type MemberList, type MembersSchema } from '../src/index.js';

const client = createImsClient({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
const image = exampleIds.image_id;
const project = exampleIds.member_id;

describe('the owner-side methods', () => {
  it('resolve to typed results: a Member, a MemberList, nothing for a revoke', () => {
    expectTypeOf(client.shareImage(image, project)).resolves.toEqualTypeOf<Member>();
    expectTypeOf(client.listImageMembers(image)).resolves.toEqualTypeOf<MemberList>();
    expectTypeOf(client.showImageMember(image, project)).resolves.toEqualTypeOf<Member>();
    expectTypeOf(client.revokeImageMember(image, project)).resolves.toEqualTypeOf<void>();
    expectTypeOf(client.showMembersSchema()).resolves.toEqualTypeOf<MembersSchema>();
    expectTypeOf<MemberList['members'][number]['status']>().toEqualTypeOf<'pending' | 'accepted' | 'rejected'>();
  });

  it('take the IDs as strings', () => {
    // @ts-expect-error the project is a string
    void client.shareImage(image, 5);
    // @ts-expect-error the member is required
    void client.revokeImageMember(image);
  });

  it('name their errors with reasons of the spec', () => {
    expectTypeOf<'member_already_exists'>().toExtend<ErrorReason>();
    expectTypeOf<'not_allowed_to_add_members'>().toExtend<ErrorReason>();
    expectTypeOf<'image_not_shared'>().toExtend<ErrorReason>();
    expectTypeOf<'member_limit_exceeded'>().toExtend<ErrorReason>();
    // @ts-expect-error not a reason of the spec
    expectTypeOf<'member_exists'>().toExtend<ErrorReason>();
  });
});

describe('the raw client', () => {
  it('takes the add body the spec declares, and no other', () => {
    const path = operationRules.addImageMember.path;
    void client.raw.POST(path, { params: { path: { image_id: image } }, body: { member: project } });
    // @ts-expect-error member is required
    void client.raw.POST(path, { params: { path: { image_id: image } }, body: {} });
  });
});
