// The owner's client methods against the sandbox in-process (sandbox.fetch, no port), and one real
// HTTP server for a paging fault: share and revoke as waited jobs, the raw batch calls, the v1
// member list as an async iterator over pages, the v1 member read, their input checks, reasons
// and retries. A world with short job durations keeps each wait well under a second.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds } from '../generated/contract.js';
import {
  type AttemptEvent,
  createImsClient,
  ImsApiError,
  ImsContractError,
  ImsInputError,
  ImsJobFailedError,
  type Member,
} from '../src/index.js';
import { examplesOf } from '../src/sandbox/answers.js';
import { createSandbox, defaultWorld, type World } from '../src/sandbox/index.js';

const world: World = { ...defaultWorld, job_timing: { init_ms: 5, running_ms: 20 } };
const projects = defaultWorld.projects;
const idOf = (name: string) => projects[name]!.id;
const image = exampleIds.image_id;
const strangersImage = defaultWorld.images.find((i) => i.owner === 'stranger')!.id;
const wait = { firstPollMs: 10, maxPollMs: 20, waitTimeoutMs: 10_000 };

function clients(sandbox = createSandbox({ world })) {
  const as = (name: string) =>
    createImsClient({
      baseUrl: 'http://sandbox.test',
      token: projects[name]!.tokens![0]!,
      projectId: idOf(name),
      fetch: sandbox.fetch,
    });
  return { sandbox, owner: as('owner'), stranger: as('stranger') };
}
const all = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('the owner shares and revokes, and waits for each job', () => {
  it('share, the member accepts, the owner sees accepted, revokes, the member is 404', async () => {
    const { owner, stranger } = clients();
    const shared = await owner.shareImages([image], [idOf('stranger')], wait);
    expect(shared).toMatchObject({ status: 'SUCCESS', failedImages: [] });
    expect(shared.results).toEqual([{ image_id: image, project_id: idOf('stranger'), status: 'SUCCESS' }]);
    expect(shared.job).toMatchObject({
      job_type: (examplesOf('showJob')[200]!.members_added_partly_failed!.value as { job_type: string }).job_type,
    });

    expect(await owner.showImageMemberV1(image, idOf('stranger'))).toMatchObject({ status: 'pending' });
    await stranger.acceptSharedImage(image, idOf('stranger'));
    const members: Member[] = await all(owner.listImageMembersV1(image));
    expect(members.map((m) => [m.member_id, m.status])).toEqual([
      [idOf('member'), 'pending'],
      [idOf('other_member'), 'accepted'],
      [idOf('stranger'), 'accepted'],
    ]);

    const revoked = await owner.revokeImages([image], [idOf('stranger')], wait);
    expect(revoked.status).toBe('SUCCESS');
    const after = await stranger.acceptSharedImage(image, idOf('stranger')).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(ImsApiError);
    expect(after).toMatchObject({ status: 404, reason: 'image_not_found' });
  });

  it("a share that fails in part is an ImsJobFailedError naming Huawei's code and the image and project that failed", async () => {
    const { owner } = clients();
    const error = await owner.shareImages([image, strangersImage], [idOf('stranger')], wait).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImsJobFailedError);
    const tenant = (
      examplesOf('batchAddImageMembers')[403]!.image_of_another_tenant!.value as { error: { code: string } }
    ).error;
    expect(error).toMatchObject({
      errorCode: tenant.code,
      failedImages: [{ imageId: strangersImage, projectId: idOf('stranger'), status: 'FAIL' }],
    });
    expect((error as ImsJobFailedError).jobId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the raw calls answer a job ID, and their refusals carry the spec reason', async () => {
    const { owner } = clients();
    const { job_id } = await owner.batchAddImageMembers({ images: [image], projects: [idOf('stranger')] });
    expect((await owner.waitForJob(job_id, wait)).status).toBe('SUCCESS');
    const self = await owner
      .batchAddImageMembers({ images: [image], projects: [idOf('owner')] })
      .catch((e: unknown) => e);
    expect(self).toMatchObject({ status: 400, reason: 'share_with_self' });
    const unknown = await owner
      .batchDeleteImageMembers({ images: [image], projects: ['ffffffffffffffffffffffffffff0404'] })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, reason: 'project_not_found' });
  });
});

describe('the v1 member reads', () => {
  it('iterates every member page by page, one request per page, asked for only as the iteration goes', async () => {
    const { owner } = clients();
    const events: AttemptEvent[] = [];
    const iterator = owner.listImageMembersV1(image, { limit: 1, onAttempt: (e) => events.push(e) });
    const seen: string[] = [];
    for await (const member of iterator) {
      seen.push(member.member_id);
      if (seen.length === 1) expect(events, 'one page read so far').toHaveLength(1);
    }
    expect(seen).toEqual([idOf('member'), idOf('other_member')]);
    expect(events.map((e) => [e.operationId, e.status])).toEqual([
      ['listImageMembersV1', 200],
      ['listImageMembersV1', 200],
    ]);
    const page = await owner.listImageMembersV1Page(image, { limit: 1 });
    expect(page.page_info?.next_marker).toEqual(expect.any(String));
    const next = await owner.listImageMembersV1Page(image, { limit: 1, marker: page.page_info!.next_marker! });
    expect(next.members.map((m) => m.member_id)).toEqual([idOf('other_member')]);
    expect(next.page_info?.next_marker).toBeUndefined();
  });

  it('a member reading the list: 403 image_of_another_tenant; an unknown member: 404 member_not_found', async () => {
    const { stranger, owner } = clients();
    const member = createImsClient({
      baseUrl: 'http://sandbox.test',
      token: projects.member!.tokens![0]!,
      projectId: idOf('member'),
      fetch: createSandbox({ world }).fetch,
    });
    await expect(all(member.listImageMembersV1(image))).rejects.toMatchObject({
      status: 403,
      reason: 'image_of_another_tenant',
    });
    await expect(all(stranger.listImageMembersV1(image))).rejects.toMatchObject({
      status: 404,
      reason: 'image_unavailable',
    });
    await expect(owner.showImageMemberV1(image, idOf('stranger'))).rejects.toMatchObject({
      status: 404,
      reason: 'member_not_found',
    });
  });

  it('reads are retried on 503 (idempotent); a batch add is not', async () => {
    const { owner } = clients();
    const unavailable = '00000000-0000-4000-8000-000000000503';
    const read = await owner
      .showImageMemberV1(unavailable, idOf('member'))
      .withDetails()
      .catch((e: unknown) => e);
    expect(read).toMatchObject({ status: 503, reason: 'service_unavailable', attempts: 3 });
    const add = await owner
      .batchAddImageMembers({ images: [unavailable], projects: [idOf('stranger')] })
      .catch((e: unknown) => e);
    expect(add).toMatchObject({ status: 503, attempts: 1 });
  }, 20_000);
});

describe('input checks, before anything is sent', () => {
  const sent: string[] = [];
  const owner = createImsClient({
    baseUrl: 'http://sandbox.test',
    token: 'owner-token',
    projectId: idOf('owner'),
    fetch: async (request) => {
      sent.push(String((request as Request).url));
      return createSandbox({ world }).fetch(request as Request);
    },
  });

  it('names the field and the rule', async () => {
    const cases: [Promise<unknown>, string, RegExp][] = [
      [owner.shareImages([], [idOf('stranger')], wait), 'images', /must not be empty/],
      [owner.shareImages([image], [], wait), 'projects', /must not be empty/],
      [owner.revokeImages([image], ['a/b'], wait), 'projects[0]', /without "\/"/],
      [owner.shareImages(['not-a-uuid'], [idOf('stranger')], wait), 'images[0]', /UUID/],
      [owner.listImageMembersV1Page(image, { limit: 0 }), 'limit', /at least 1/],
      [owner.listImageMembersV1Page(image, { limit: 1001 }), 'limit', /at most 1000/],
      [owner.listImageMembersV1Page(image, { limit: 1.5 }), 'limit', /integer/],
      [owner.listImageMembersV1Page(image, { marker: '' }), 'marker', /must not be empty/],
      [owner.showImageMemberV1(image, '..'), 'member_id', /"\.\."/],
      [all(owner.listImageMembersV1('nope')), 'image_id', /UUID/],
    ];
    for (const [call, field, words] of cases) {
      const error = await call.catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ImsInputError);
      expect((error as ImsInputError).field).toBe(field);
      expect((error as Error).message).toMatch(words);
    }
    expect(sent).toEqual([]);
  });

  it('asks for a project when the client has none', async () => {
    const bare = createImsClient({ baseUrl: 'http://sandbox.test', token: 'owner-token' });
    await expect(all(bare.listImageMembersV1(image))).rejects.toMatchObject({ field: 'projectId' });
    await expect(bare.showImageMemberV1(image, idOf('member'))).rejects.toMatchObject({ field: 'projectId' });
  });
});

describe('a server whose pages never end', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    // Answers every page with the same marker: following it would loop for ever.
    server = createServer((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          members: [examplesOf('showImageMemberV1')[200]!.member!.value as Member],
          schema: (examplesOf('listImageMembersV1')[200]!.members!.value as { schema: string }).schema,
          page_info: { next_marker: 'c2FtZQ==', current_count: 1 },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('ends the iteration with an ImsContractError after the marker repeats, the members before it yielded', async () => {
    const client = createImsClient({ baseUrl, token: 't', projectId: idOf('owner') });
    const seen: Member[] = [];
    const error = await (async () => {
      for await (const member of client.listImageMembersV1(image)) seen.push(member);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImsContractError);
    expect((error as Error).message).toMatch(/next_marker repeats/);
    expect(seen).toHaveLength(2);
  });
});
