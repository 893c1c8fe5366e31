// The owner's and the member's side of sharing through the client: shareImage, listImageMembers,
// showImageMember, revokeImageMember and showMembersSchema against the sandbox (its fetch, no
// port), with typed results, the spec's reasons on errors, resends only where the spec's
// x-idempotent allows them, and input checks before anything is sent.
import { describe, expect, it } from 'vitest';
import { exampleIds, operationRules } from '../generated/contract.js';
import { createImsClient, ImsApiError, ImsInputError } from '../src/index.js';
import { createSandbox, defaultWorld, type Sandbox } from '../src/sandbox/index.js';

const unshared = '2b7c9d1e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const idOf = (project: string) => defaultWorld.projects[project]!.id;
const tokenOf = (project: string) => defaultWorld.projects[project]!.tokens![0]!;

function clientOf(sandbox: Sandbox, project: string, sent: string[] = []) {
  return createImsClient({
    baseUrl: 'http://sandbox.test',
    token: tokenOf(project),
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    fetch: async (request: Request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return sandbox.fetch(request);
    },
  });
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as ImsApiError & Pick<ImsInputError, 'field'>;
};

describe('sharing through the client', () => {
  it('the owner shares, the member reads and accepts, the owner lists it accepted and revokes; the member then gets 404', async () => {
    const sandbox = createSandbox();
    const owner = clientOf(sandbox, 'owner');
    const stranger = clientOf(sandbox, 'stranger');
    const project = idOf('stranger');

    const shared = await owner.shareImage(unshared, project);
    expect(shared).toMatchObject({ status: 'pending', image_id: unshared, member_id: project });
    const mine = await stranger.listImageMembers(unshared);
    expect(mine.members.map((m) => m.member_id)).toEqual([project]);
    expect(mine.schema).toBe(operationRules.showMembersSchema.path);
    await stranger.acceptSharedImage(unshared, project);
    const listed = await owner.listImageMembers(unshared).withDetails();
    expect(listed.data.members).toMatchObject([{ member_id: project, status: 'accepted' }]);
    expect(listed.attempts).toBe(1);
    expect(await owner.showImageMember(unshared, project)).toMatchObject({ status: 'accepted' });

    const revoked = await owner.revokeImageMember(unshared, project).withDetails();
    expect(revoked).toMatchObject({ data: undefined, status: 204, attempts: 1 });
    const gone = await failure(stranger.showImageMember(unshared, project));
    expect(gone).toBeInstanceOf(ImsApiError);
    expect([gone.status, gone.reason]).toEqual([404, 'image_not_found']);
  });

  it('a second share is 409 member_already_exists, sent once; an image of another owner is 403', async () => {
    const sandbox = createSandbox();
    const sent: string[] = [];
    const owner = clientOf(sandbox, 'owner', sent);
    const twice = await failure(owner.shareImage(exampleIds.image_id, exampleIds.member_id));
    expect([twice.status, twice.reason]).toEqual([409, 'member_already_exists']);
    expect(sent).toHaveLength(1);
    const member = clientOf(sandbox, 'member');
    const notOwner = await failure(member.shareImage(exampleIds.image_id, idOf('stranger')));
    expect([notOwner.status, notOwner.reason]).toEqual([403, 'not_allowed_to_add_members']);
    const limit = await failure(owner.shareImage('7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', idOf('stranger')));
    expect([limit.status, limit.reason]).toEqual([400, 'encrypted_image_not_shareable']);
  });

  it('resends only what x-idempotent allows: a revoke and the reads after a 503, a share never', async () => {
    // The world's 503s with Retry-After 0, so that the resends do not wait.
    const world = structuredClone(defaultWorld);
    for (const row of world.scenarios!) if (row.answer.status === 503) row.answer.retry_after = 0;
    const sandbox = createSandbox({ world });
    const unavailable = '00000000-0000-4000-8000-000000000503';
    const owner = clientOf(sandbox, 'owner');
    for (const [name, call] of [
      ['revokeImageMember', () => owner.revokeImageMember(unavailable, exampleIds.member_id).withDetails()],
      ['listImageMembers', () => owner.listImageMembers(unavailable).withDetails()],
      ['showImageMember', () => owner.showImageMember(unavailable, exampleIds.member_id).withDetails()],
      ['shareImage', () => owner.shareImage(unavailable, exampleIds.member_id).withDetails()],
    ] as const) {
      const error = await failure(call());
      expect([name, error.status, error.reason, error.attempts]).toEqual([
        name,
        503,
        'service_unavailable',
        name === 'shareImage' ? 1 : 3,
      ]);
    }
  });

  it('checks its input before sending: the field and the rule', async () => {
    const sent: string[] = [];
    const owner = clientOf(createSandbox(), 'owner', sent);
    const badImage = await failure(owner.shareImage('not-a-uuid', exampleIds.member_id));
    expect(badImage).toBeInstanceOf(ImsInputError);
    expect(badImage.field).toBe('image_id');
    const slash = await failure(owner.shareImage(exampleIds.image_id, 'a/b'));
    expect(slash.field).toBe('member');
    expect(slash.message).toMatch(/without "\/"/);
    const empty = await failure(owner.revokeImageMember(exampleIds.image_id, ''));
    expect(empty.field).toBe('member_id');
    expect(sent).toEqual([]);
  });

  it('reads the member list schema', async () => {
    const schema = await clientOf(createSandbox(), 'stranger').showMembersSchema();
    expect(schema.name).toBe('members');
    expect(schema.links).toEqual([{ rel: 'describedby', href: '{schema}' }]);
  });
});
