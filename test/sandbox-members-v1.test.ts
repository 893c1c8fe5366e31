// The owner's side of sharing in the sandbox: batch add and delete as jobs on an injected clock
// (no test sleeps), Huawei's sharing rules failing one image in the job (or the whole request, in
// a world that picks that), the v1 member reads paged by limit and marker, and the whole lifecycle
// driven by the API alone: the owner shares, the member sees `pending` and accepts, the owner
// lists it `accepted` and revokes it, and the member's next call is 404.
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, type OperationId, operationRules } from '../generated/contract.js';
import { examplesOf } from '../src/sandbox/answers.js';
import { createSandbox, defaultWorld, type Sandbox, type World } from '../src/sandbox/index.js';
import { answerViolations } from './support/operation-answers.js';

const timing = { init: defaultWorld.job_timing!.init_ms!, running: defaultWorld.job_timing!.running_ms! };
const done = timing.init + timing.running;
const projects = defaultWorld.projects;
const tokenOf = (name: string) => projects[name]!.tokens![0]!;
const idOf = (name: string) => projects[name]!.id;
const image = exampleIds.image_id;
/** Images of the default world, each breaking one sharing rule (see world.yaml). */
const publicImage = defaultWorld.images.find((i) => i.visibility === 'public')!.id;
const encryptedImage = defaultWorld.images.find((i) => i.encrypted_default_key)!.id;
const fullEcsImage = defaultWorld.images.find((i) => i.full_ecs && !i.full_ecs_by_cbr)!.id;
const strangersImage = defaultWorld.images.find((i) => i.owner === 'stranger')!.id;

function clock(start = '2026-12-01T08:00:00.000Z') {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

function call(
  sandbox: Sandbox,
  operation: OperationId,
  as: string,
  values: Record<string, string>,
  o: { body?: unknown; query?: string } = {},
) {
  const answer = sandbox.handle({
    method: operationRules[operation].method,
    path: expandPath(operationRules[operation].path, values) + (o.query ? `?${o.query}` : ''),
    headers: {
      Accept: 'application/json',
      [authHeader]: tokenOf(as),
      ...(o.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  expect(answerViolations(operation, answer.status, answer.body), `${operation} ${answer.status}`).toEqual([]);
  return answer;
}
const share = (sandbox: Sandbox, images: string[], names: string[], as = 'owner') =>
  call(sandbox, 'batchAddImageMembers', as, {}, { body: { images, projects: names.map(idOf) } });
const revoke = (sandbox: Sandbox, images: string[], names: string[], as = 'owner') =>
  call(sandbox, 'batchDeleteImageMembers', as, {}, { body: { images, projects: names.map(idOf) } });
const jobIdOf = (answer: { status: number; body: unknown }) => {
  expect(answer.status).toBe(200);
  return (answer.body as { job_id: string }).job_id;
};
type ShownJob = {
  job_type: string;
  status: string;
  error_code: string | null;
  fail_reason: string | null;
  entities: { results: { image_id: string; project_id: string; status: string }[] };
};
const showJob = (sandbox: Sandbox, job_id: string, as = 'owner') =>
  call(sandbox, 'showJob', as, { project_id: idOf(as), job_id }).body as ShownJob;
const list = (sandbox: Sandbox, imageId: string, query?: string, as = 'owner') =>
  call(sandbox, 'listImageMembersV1', as, { project_id: idOf(as), image_id: imageId }, query ? { query } : {});
type Page = {
  members: { member_id: string; status: string }[];
  page_info: { next_marker?: string; current_count: number };
};
const accept = (sandbox: Sandbox, imageId: string, as: string) =>
  call(
    sandbox,
    'updateImageMemberStatus',
    as,
    { image_id: imageId, member_id: idOf(as) },
    { body: { status: 'accepted' } },
  );
const jobType = (example: string) => (examplesOf('showJob')[200]![example]!.value as { job_type: string }).job_type;
const imsError = (status: number, example: string) =>
  (examplesOf('batchAddImageMembers')[status]![example]!.value as { error: { code: string; message: string } }).error;

describe('sharing driven by the API alone', () => {
  it('the owner shares, the member sees pending and accepts, the owner lists it accepted, revokes it, and the member gets 404', () => {
    const time = clock();
    const sandbox = createSandbox({ now: time.now });
    const added = jobIdOf(share(sandbox, [image], ['stranger']));
    // Nothing changes before the job reaches the image.
    expect(accept(sandbox, image, 'stranger').status).toBe(404);
    time.advance(done);
    expect(showJob(sandbox, added)).toMatchObject({
      job_type: jobType('members_added_partly_failed'),
      status: 'SUCCESS',
    });
    const shown = call(sandbox, 'showImageMemberV1', 'owner', {
      project_id: idOf('owner'),
      image_id: image,
      member_id: idOf('stranger'),
    });
    expect(shown.body).toMatchObject({
      status: 'pending',
      member_id: idOf('stranger'),
      member_type: 'project',
      created_at: new Date(Date.parse('2026-12-01T08:00:00.000Z') + done).toISOString().replace(/\.\d+Z$/, 'Z'),
    });

    const accepted = accept(sandbox, image, 'stranger');
    expect(accepted.status).toBe(200);
    const members = (list(sandbox, image).body as Page).members;
    expect(members.find((m) => m.member_id === idOf('stranger'))?.status).toBe('accepted');

    const removed = jobIdOf(revoke(sandbox, [image], ['stranger']));
    time.advance(done);
    expect(showJob(sandbox, removed)).toMatchObject({ job_type: jobType('members_removed'), status: 'SUCCESS' });
    expect(accept(sandbox, image, 'stranger').status).toBe(404);
    expect((list(sandbox, image).body as Page).members.map((m) => m.member_id)).not.toContain(idOf('stranger'));
    // The other members are untouched.
    expect((list(sandbox, image).body as Page).members.map((m) => m.member_id)).toEqual([
      idOf('member'),
      idOf('other_member'),
    ]);
  });

  it("each rule fails its own image in the job, with Huawei's code; the other images are shared; the job ends FAIL", () => {
    const time = clock();
    const sandbox = createSandbox({ now: time.now });
    const images = [strangersImage, publicImage, encryptedImage, fullEcsImage, image];
    const job = jobIdOf(share(sandbox, images, ['stranger']));
    time.advance(done);
    const shown = showJob(sandbox, job);
    const expected = [
      imsError(403, 'image_of_another_tenant'),
      imsError(400, 'image_public'),
      imsError(400, 'image_encrypted'),
      imsError(400, 'full_ecs_not_shareable'),
    ];
    expect(shown).toMatchObject({ status: 'FAIL', error_code: expected[0]!.code, fail_reason: expected[0]!.message });
    expect(shown.entities.results.map((r) => [r.image_id, r.project_id, r.status])).toEqual(
      images.map((id, i) => [id, idOf('stranger'), i < 4 ? 'FAIL' : 'SUCCESS']),
    );
    expect(new Set(expected.map((e) => e.code)).size, 'four distinct codes').toBe(4);
    expect(
      sandbox
        .state()
        .images.find((i) => i.id === image)!
        .members.map((m) => m.project),
    ).toContain('stranger');
  });

  it('the member limit: a disk image takes share_limits.disk members, a full-ECS one share_limits.full_ecs; more fail IMG.0088', () => {
    const world: World = {
      ...defaultWorld,
      projects: { ...defaultWorld.projects, extra: { id: 'ab'.repeat(16) } },
      share_limits: { disk: 3, full_ecs: 1 },
    };
    const time = clock();
    const sandbox = createSandbox({ world, now: time.now });
    const add = (images: string[], ids: string[]) =>
      jobIdOf(call(sandbox, 'batchAddImageMembers', 'owner', {}, { body: { images, projects: ids } }));
    // The documents' image has two members: one more fits, the next does not; one already there is kept.
    const job = add([image], [idOf('stranger'), 'ab'.repeat(16), idOf('member')]);
    time.advance(done);
    const quota = imsError(400, 'member_quota_reached');
    expect(showJob(sandbox, job)).toMatchObject({ status: 'FAIL', error_code: quota.code, fail_reason: quota.message });
    expect(showJob(sandbox, job).entities.results.map((r) => r.status)).toEqual(['SUCCESS', 'FAIL', 'SUCCESS']);
    const cbr = defaultWorld.images.find((i) => i.full_ecs_by_cbr)!.id; // one member already
    const full = add([cbr], [idOf('stranger')]);
    time.advance(done);
    expect(showJob(sandbox, full)).toMatchObject({ status: 'FAIL', error_code: quota.code });
  });

  it('a world with image_faults request refuses the whole request at once, with the fault of the first image, and starts no job', () => {
    const world: World = { ...defaultWorld, image_faults: 'request' };
    const sandbox = createSandbox({ world });
    const jobs = sandbox.state().jobs.length;
    const cases: [string, number, string][] = [
      [strangersImage, 403, 'image_of_another_tenant'],
      [publicImage, 400, 'image_public'],
      [encryptedImage, 400, 'image_encrypted'],
      [fullEcsImage, 400, 'full_ecs_not_shareable'],
      [crypto.randomUUID(), 404, 'image_unavailable'],
    ];
    for (const [id, status, example] of cases) {
      const answer = share(sandbox, [image, id], ['stranger']);
      expect([id, answer.status, answer.body]).toEqual([id, status, { error: imsError(status, example) }]);
    }
    const limited = createSandbox({ world: { ...world, share_limits: { disk: 2 } } });
    expect(share(limited, [image], ['stranger']).body).toEqual({ error: imsError(400, 'member_quota_reached') });
    expect(share(limited, [image], ['member']).status, 'already members: nothing added').toBe(200);
    expect(revoke(sandbox, [strangersImage], ['member']).status).toBe(403);
    expect(sandbox.state().jobs.length).toBe(jobs);
  });

  it('judged at once: the body, the caller itself, a project the region does not have', () => {
    const sandbox = createSandbox();
    const body = (b: unknown) => call(sandbox, 'batchAddImageMembers', 'owner', {}, { body: b }).status;
    expect(body({ images: [image] })).toBe(400);
    expect(body({ images: [image], projects: [idOf('member'), idOf('member')] })).toBe(400);
    expect(body({ images: [image], projects: [idOf('member')], extra: 1 })).toBe(400);
    expect(share(sandbox, [image], ['member', 'owner']).body).toEqual({ error: imsError(400, 'share_with_self') });
    const unknown = call(
      sandbox,
      'batchDeleteImageMembers',
      'owner',
      {},
      {
        body: { images: [image], projects: ['ffffffffffffffffffffffffffff0404'] },
      },
    );
    expect(unknown.status).toBe(404);
    // A member cannot revoke: the image is not its own, which fails in the job.
    const time = clock();
    const memberSandbox = createSandbox({ now: time.now });
    const job = jobIdOf(revoke(memberSandbox, [image], ['other_member'], 'member'));
    time.advance(done);
    expect(showJob(memberSandbox, job, 'member')).toMatchObject({
      status: 'FAIL',
      error_code: imsError(403, 'image_of_another_tenant').code,
    });
    expect(
      memberSandbox
        .state()
        .images.find((i) => i.id === image)!
        .members.map((m) => m.project),
    ).toContain('other_member');
  });
});

describe('the v1 member list, a page at a time', () => {
  it('pages by limit and marker through every member, in order, each once; the last page has no next_marker', () => {
    const time = clock();
    const world: World = {
      ...defaultWorld,
      projects: {
        ...defaultWorld.projects,
        ...Object.fromEntries(
          Array.from({ length: 7 }, (_, i) => [
            `extra_${i}`,
            { id: `${String(i).padStart(2, '0')}${'ab'.repeat(15)}` },
          ]),
        ),
      },
    };
    const sandbox = createSandbox({ world, now: time.now });
    const extras = Array.from({ length: 7 }, (_, i) => `extra_${i}`);
    sandbox.handle({
      method: 'POST',
      path: operationRules.batchAddImageMembers.path,
      headers: { Accept: 'application/json', [authHeader]: tokenOf('owner'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ images: [image], projects: extras.map((n) => world.projects[n]!.id) }),
    });
    time.advance(done);
    const everyone = (list(sandbox, image).body as Page).members.map((m) => m.member_id);
    expect(everyone).toHaveLength(9);
    for (const limit of [1, 2, 4, 9, 10]) {
      const seen: string[] = [];
      let marker: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const query = new URLSearchParams({ limit: String(limit), ...(marker ? { marker } : {}) }).toString();
        const page = list(sandbox, image, query).body as Page;
        expect(page.page_info.current_count).toBe(page.members.length);
        expect(page.members.length).toBeLessThanOrEqual(limit);
        seen.push(...page.members.map((m) => m.member_id));
        marker = page.page_info.next_marker;
        if (!marker) break;
      }
      expect(seen, `limit ${limit}`).toEqual(everyone);
    }
  });

  it('refuses a limit out of bounds or not a whole number, and a marker it did not give', () => {
    const sandbox = createSandbox();
    for (const limit of ['0', '1001', '1.5', '-1', 'ten', ''])
      expect(list(sandbox, image, `limit=${limit}`).status, `limit=${limit}`).toBe(400);
    expect(list(sandbox, image, 'limit=1000').status).toBe(200);
    expect(list(sandbox, image, 'marker=%25%25').body).toEqual(
      examplesOf('listImageMembersV1')[400]!.invalid_marker!.value,
    );
  });

  it('only the owner reads: a member 403, a stranger 404, another project in the path 403', () => {
    const sandbox = createSandbox();
    expect(list(sandbox, image, undefined, 'member').status).toBe(403);
    expect(list(sandbox, image, undefined, 'stranger').status).toBe(404);
    const other = call(sandbox, 'listImageMembersV1', 'owner', { project_id: idOf('member'), image_id: image });
    expect(other.status).toBe(403);
  });
});
