// The Glance v2 member calls in the sandbox (add, list, show, delete, the member list schema):
// every scenario row of theirs, the sharing lifecycle driven by the API alone (no world file
// edited), who may call what (measured on a real Glance, docs/glance.md), and Huawei's sharing
// limits as rules of the world.
import { describe, expect, it } from 'vitest';
import {
  authHeader,
  exampleIds,
  expandPath,
  type OperationId,
  operationRules,
  reasonOf,
} from '../generated/contract.js';
import { examplesOf, personalised } from '../src/sandbox/answers.js';
import { createSandbox, defaultWorld, type Sandbox, scenarios, type World } from '../src/sandbox/index.js';
import { answerViolations } from './support/operation-answers.js';

const mine = ['addImageMember', 'listImageMembers', 'showImageMember', 'deleteImageMember', 'showMembersSchema'];
const rows = scenarios.filter((s) => mine.includes(s.operation ?? ''));

/** The name a client reports for an error example: its x-reason, or the name itself. */
const reasonName = (operation: OperationId, status: number, name: string) =>
  (examplesOf(operation)[status]![name] as { 'x-reason'?: string })['x-reason'] ?? name;

const tokenOf = (project: string) => defaultWorld.projects[project]!.tokens![0]!;
const idOf = (project: string) => defaultWorld.projects[project]!.id;

function call(
  sandbox: Sandbox,
  operation: OperationId,
  who: string,
  ids: { image_id?: string; member_id?: string } = {},
  body?: unknown,
) {
  const { method, path } = operationRules[operation];
  return sandbox.handle({
    method,
    path: expandPath(path, { image_id: ids.image_id ?? exampleIds.image_id, member_id: ids.member_id ?? '' }),
    // JSON asked for, as the project's client asks: Glance-shaped errors are otherwise HTML or text.
    headers: {
      [authHeader]: tokenOf(who),
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A clock the test moves by hand. */
function clock(start = '2026-12-03T08:00:00.400Z') {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

describe('the scenario rows of the Glance v2 member calls', () => {
  it('are there for each of the five operations', () => {
    expect(new Set(rows.map((r) => r.operation))).toEqual(new Set(mine));
  });

  for (const scenario of rows) {
    const operation = scenario.operation!;
    it(`${operation} ${scenario.name}: ${scenario.status} ${scenario.example}`, () => {
      const answer = createSandbox().handle(scenario.request);
      expect(answer.status).toBe(scenario.status);
      if (scenario.status === 204) {
        expect(answer.body).toBeUndefined();
        expect(answer.headers['Content-Type']).toBeUndefined();
        return;
      }
      expect(answer.headers['Content-Type']).toMatch(/^application\/json/);
      expect(answerViolations(operation, answer.status, answer.body)).toEqual([]);
      const example = examplesOf(operation)[scenario.status]![scenario.example]!.value as Record<string, unknown>;
      const body = answer.body as Record<string, unknown>;
      const [, , , imageId, , memberId] = scenario.request.path.split('/');
      if (scenario.status === 200 && operation !== 'showMembersSchema') {
        // The world's member, not the example's times: the same kind of answer for the requested IDs.
        const members = (body.members as Record<string, unknown>[] | undefined) ?? [body];
        const expected = (example.members as Record<string, unknown>[] | undefined) ?? [example];
        expect(members.map((m) => m.status)).toEqual(expected.map((m) => m.status));
        for (const member of members) expect(member.image_id).toBe(decodeURIComponent(imageId!));
        if (operation === 'showImageMember') expect(body.member_id).toBe(decodeURIComponent(memberId!));
        if (operation === 'addImageMember')
          expect(body.member_id).toBe(JSON.parse(scenario.request.body!).member as string);
      } else if (scenario.status === 200) expect(body).toEqual(example);
      else {
        // An error is the example itself, with the request's IDs in its words; and a client reads its reason.
        const ids: Record<string, string> = { image_id: decodeURIComponent(imageId!) };
        if (memberId !== undefined) ids.member_id = decodeURIComponent(memberId);
        if (scenario.status === 409) ids.member_id = JSON.parse(scenario.request.body!).member as string;
        expect(body).toEqual(personalised(example, ids));
        expect(reasonOf(operation, answer.status, body)).toBe(reasonName(operation, scenario.status, scenario.example));
      }
    });
  }
});

describe('a sharing lifecycle driven by the API alone', () => {
  it('the owner shares, the member sees pending and accepts, the owner sees accepted, revokes, and the member gets 404', () => {
    const time = clock();
    const sandbox = createSandbox({ now: time.now });
    const image = '2b7c9d1e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'; // the owner's image that no project was added to
    const stranger = idOf('stranger');

    const added = call(sandbox, 'addImageMember', 'owner', { image_id: image }, { member: stranger });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      status: 'pending',
      created_at: '2026-12-03T08:00:00Z',
      updated_at: '2026-12-03T08:00:00Z',
      image_id: image,
      member_id: stranger,
      schema: operationRules.showMemberSchema.path,
    });
    // The member sees its pending membership, and only its own.
    const listed = call(sandbox, 'listImageMembers', 'stranger', { image_id: image });
    expect(listed.body).toEqual({ members: [added.body], schema: operationRules.showMembersSchema.path });
    expect(call(sandbox, 'showImageMember', 'stranger', { image_id: image, member_id: stranger }).body).toEqual(
      added.body,
    );

    time.advance(7);
    const accepted = call(
      sandbox,
      'updateImageMemberStatus',
      'stranger',
      { image_id: image, member_id: stranger },
      { status: 'accepted' },
    );
    expect(accepted.status).toBe(200);
    const owners = call(sandbox, 'listImageMembers', 'owner', { image_id: image }).body as {
      members: Record<string, string>[];
    };
    expect(owners.members).toEqual([
      { ...(added.body as object), status: 'accepted', updated_at: '2026-12-03T08:00:07Z' },
    ]);

    time.advance(3);
    const revoked = call(sandbox, 'deleteImageMember', 'owner', { image_id: image, member_id: stranger });
    expect(revoked).toMatchObject({ status: 204, body: undefined });
    for (const [operation, body] of [
      ['showImageMember', undefined],
      ['listImageMembers', undefined],
      ['updateImageMemberStatus', { status: 'rejected' }],
    ] as const) {
      const next = call(sandbox, operation, 'stranger', { image_id: image, member_id: stranger }, body);
      expect(next.status, operation).toBe(404);
      expect(reasonOf(operation, 404, next.body), operation).toBe('image_not_found');
    }
    expect(call(sandbox, 'listImageMembers', 'owner', { image_id: image }).body).toMatchObject({ members: [] });
    // Deleting again: the member is gone either way (404, member_not_found).
    const again = call(sandbox, 'deleteImageMember', 'owner', { image_id: image, member_id: stranger });
    expect(reasonOf('deleteImageMember', again.status, again.body)).toBe('member_not_found');

    // Added again: pending, with its first created_at (Glance keeps it), a new updated_at.
    time.advance(5);
    const readded = call(sandbox, 'addImageMember', 'owner', { image_id: image }, { member: stranger });
    expect(readded.body).toMatchObject({
      status: 'pending',
      created_at: '2026-12-03T08:00:00Z',
      updated_at: '2026-12-03T08:00:15Z',
    });
    // A second add is a conflict, naming the member sent.
    const twice = call(sandbox, 'addImageMember', 'owner', { image_id: image }, { member: stranger });
    expect(twice.status).toBe(409);
    expect((twice.body as { message: string }).message).toContain(
      `Member ${stranger} is duplicated for image ${image}`,
    );
    // reset() forgets all of it.
    sandbox.reset();
    expect(call(sandbox, 'listImageMembers', 'owner', { image_id: image }).body).toMatchObject({ members: [] });
  });
});

describe('who may call what (as measured on a real Glance)', () => {
  const sandbox = createSandbox();
  const privateImage = '9b0e4a62-3c1d-4f5e-8a7b-2d6c0e1f3a45';
  const reason = (
    operation: OperationId,
    who: string,
    ids: { image_id?: string; member_id?: string },
    body?: unknown,
  ) => {
    const answer = call(sandbox, operation, who, ids, body);
    return `${answer.status} ${reasonOf(operation, answer.status, answer.body) ?? ''}`.trim();
  };
  const member = idOf('member');
  const other = idOf('other_member');

  it('the owner reads and deletes any member; a member reads only itself and may not add or delete', () => {
    expect(reason('showImageMember', 'owner', { member_id: other })).toBe('200');
    expect(reason('showImageMember', 'member', { member_id: member })).toBe('200');
    expect(reason('showImageMember', 'member', { member_id: other })).toBe('404 member_not_found');
    expect(reason('addImageMember', 'member', {}, { member: idOf('stranger') })).toBe('403 not_allowed_to_add_members');
    expect(reason('deleteImageMember', 'member', { member_id: member })).toBe('403 not_allowed_to_delete_members');
    expect((call(sandbox, 'listImageMembers', 'member', {}).body as { members: unknown[] }).members).toHaveLength(1);
    expect((call(sandbox, 'listImageMembers', 'owner', {}).body as { members: unknown[] }).members).toHaveLength(2);
  });

  it('a stranger meets no image; a malformed image ID is an unknown one', () => {
    for (const operation of ['listImageMembers', 'showImageMember', 'deleteImageMember', 'addImageMember'] as const)
      expect(
        reason(operation, 'stranger', { member_id: member }, operation === 'addImageMember' ? { member } : undefined),
      ).toBe('404 image_not_found');
    expect(reason('listImageMembers', 'owner', { image_id: 'not-a-uuid' })).toBe('404 image_not_found');
  });

  it('only a shared image has members: the owner of a private one gets 403 (list, add, delete) or 404 (show)', () => {
    expect(reason('listImageMembers', 'owner', { image_id: privateImage })).toBe('403 image_not_shared');
    expect(reason('showImageMember', 'owner', { image_id: privateImage, member_id: member })).toBe(
      '404 image_not_shared',
    );
    expect(reason('addImageMember', 'owner', { image_id: privateImage }, { member: other })).toBe(
      '403 not_allowed_to_add_members',
    );
    expect(reason('deleteImageMember', 'owner', { image_id: privateImage, member_id: member })).toBe(
      '403 not_allowed_to_delete_members',
    );
    // Its former member sees nothing at all.
    expect(reason('showImageMember', 'member', { image_id: privateImage, member_id: member })).toBe(
      '404 image_not_found',
    );
  });

  it('the body is judged before the caller, for any caller and any image', () => {
    for (const who of ['owner', 'member', 'stranger'])
      for (const image of [exampleIds.image_id, privateImage, '1e0f7c6a-5b4d-4e3c-9a2b-8c7d6e5f4a3b'])
        expect(reason('addImageMember', who, { image_id: image }, {})).toBe('400 member_missing');
  });
});

describe("Huawei's sharing limits, as rules of the world", () => {
  const projects = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [`p${i}`, { id: i.toString(16).padStart(32, '0'), tokens: [`t${i}`] }]),
    );
  const worldWith = (image: Partial<World['images'][number]>, members: number): World => ({
    projects: { ...projects(members + 1), owner: { id: 'f'.repeat(32), tokens: ['owner-token'] } },
    images: [
      {
        id: exampleIds.image_id,
        owner: 'owner',
        ...image,
        members: Array.from({ length: members }, (_, i) => ({ project: `p${i}`, created_at: '2026-12-03T08:00:00Z' })),
      },
    ],
    scenarios: [],
  });
  const add = (world: World, member: string) => {
    const sandbox = createSandbox({ world });
    const answer = sandbox.handle({
      method: 'POST',
      path: expandPath(operationRules.addImageMember.path, { image_id: exampleIds.image_id }),
      headers: { [authHeader]: 'owner-token', 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ member }),
    });
    return `${answer.status} ${reasonOf('addImageMember', answer.status, answer.body) ?? ''}`.trim();
  };
  const nth = (i: number) => i.toString(16).padStart(32, '0');

  it('a system or data disk image: the 256th member is added, the 257th gets 413', () => {
    expect(add(worldWith({}, 255), nth(255))).toBe('200');
    expect(add(worldWith({}, 256), nth(256))).toBe('413 member_limit_exceeded');
  });

  it('a full-ECS image from a CBR backup: 10 members at most; one not from CBR cannot be shared', () => {
    expect(add(worldWith({ full_ecs_by_cbr: true }, 9), nth(9))).toBe('200');
    expect(add(worldWith({ full_ecs_by_cbr: true }, 10), nth(10))).toBe('400 full_ecs_member_limit');
    expect(add(worldWith({ full_ecs: true }, 0), nth(0))).toBe('400 full_ecs_not_shareable');
  });

  it('an image encrypted with the default key cannot be shared; nor with the owner itself or an unknown project', () => {
    expect(add(worldWith({ encrypted_default_key: true }, 0), nth(0))).toBe('400 encrypted_image_not_shareable');
    expect(add(worldWith({}, 0), 'f'.repeat(32))).toBe('400 share_with_self');
    expect(add(worldWith({}, 0), 'e'.repeat(32))).toBe('400 tenant_not_found');
    expect(add(worldWith({}, 0), 'a/b')).toBe('400 member_invalid');
  });
});
