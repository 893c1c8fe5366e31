// The client's registry (src/client/operations/index.ts) against the client itself: every
// operation of the spec has a module and at least one public method, and each method listed for
// an operation really sends that operation first. A real server (node:http) records what arrives;
// it answers 400, so each call ends at its first request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds, matchPath, type OperationId, operationRules } from '../generated/contract.js';
import { type ClientMethod, clientOperations } from '../src/client/operations/index.js';
import { createImsClient, ImsApiError, type ImsClient } from '../src/index.js';

/** One call of each public method, with valid arguments. Typed by the client: a new method needs a row. */
const calls: Record<ClientMethod, (client: ImsClient) => Promise<unknown>> = {
  acceptSharedImages: (c) => c.acceptSharedImages([exampleIds.image_id], { firstPollMs: 0 }),
  rejectSharedImages: (c) => c.rejectSharedImages([exampleIds.image_id], { firstPollMs: 0 }),
  waitForJob: (c) => c.waitForJob(exampleIds.job_id, { firstPollMs: 0 }),
  batchUpdateImageMembers: (c) =>
    c.batchUpdateImageMembers({ images: [exampleIds.image_id], project_id: exampleIds.project_id, status: 'rejected' }),
  showJobProgress: (c) => c.showJobProgress(exampleIds.job_id),
  showJob: (c) => c.showJob(exampleIds.job_id),
  updateMemberStatus: (c) => c.updateMemberStatus(exampleIds.image_id, exampleIds.member_id, { status: 'rejected' }),
  acceptSharedImage: (c) => c.acceptSharedImage(exampleIds.image_id, exampleIds.member_id),
  rejectSharedImage: (c) => c.rejectSharedImage(exampleIds.image_id, exampleIds.member_id),
  showMemberSchema: (c) => c.showMemberSchema(),
  shareImages: (c) => c.shareImages([exampleIds.image_id], [exampleIds.member_id], { firstPollMs: 0 }),
  revokeImages: (c) => c.revokeImages([exampleIds.image_id], [exampleIds.member_id], { firstPollMs: 0 }),
  batchAddImageMembers: (c) =>
    c.batchAddImageMembers({ images: [exampleIds.image_id], projects: [exampleIds.member_id] }),
  batchDeleteImageMembers: (c) =>
    c.batchDeleteImageMembers({ images: [exampleIds.image_id], projects: [exampleIds.member_id] }),
  listImageMembersV1: async (c) => {
    for await (const _ of c.listImageMembersV1(exampleIds.image_id, { projectId: exampleIds.project_id }));
  },
  listImageMembersV1Page: (c) => c.listImageMembersV1Page(exampleIds.image_id, { projectId: exampleIds.project_id }),
  showImageMemberV1: (c) =>
    c.showImageMemberV1(exampleIds.image_id, exampleIds.member_id, { projectId: exampleIds.project_id }),
  listVersions: (c) => c.listVersions(),
  listVersionsDocument: (c) => c.listVersionsDocument(),
  showImage: (c) => c.showImage(exampleIds.image_id),
  listSharedImages: (c) => c.listSharedImages()[Symbol.asyncIterator]().next(),
  showImageSchema: (c) => c.showImageSchema(),
  showImagesSchema: (c) => c.showImagesSchema(),
  shareImage: (c) => c.shareImage(exampleIds.image_id, exampleIds.member_id),
  listImageMembers: (c) => c.listImageMembers(exampleIds.image_id),
  showImageMember: (c) => c.showImageMember(exampleIds.image_id, exampleIds.member_id),
  revokeImageMember: (c) => c.revokeImageMember(exampleIds.image_id, exampleIds.member_id),
  showMembersSchema: (c) => c.showMembersSchema(),
};

let server: Server;
let baseUrl: string;
const received: { method: string; path: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push({ method: request.method!, path: new URL(request.url!, 'http://x').pathname });
    request.resume();
    response.writeHead(400, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'TEST.0001', message: 'refused by the test server' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The operation a request is, by method and path template. */
const operationAt = (method: string, path: string) =>
  (Object.keys(operationRules) as OperationId[]).filter(
    (id) => operationRules[id].method === method && matchPath(operationRules[id].path, path) !== undefined,
  );

describe('the client registry', () => {
  it('lists every operation of the spec, and only those', () => {
    expect(Object.keys(clientOperations).sort()).toEqual(Object.keys(operationRules).sort());
  });

  it('lists every public method of the client under an operation, once', () => {
    const client = createImsClient({ baseUrl: 'http://127.0.0.1:9', token: 't' });
    const listed = Object.values(clientOperations).flatMap((entry) => [...entry.methods]);
    const methods = Object.keys(client).filter((name) => name !== 'raw');
    expect([...listed].sort()).toEqual(methods.sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  for (const [operationId, entry] of Object.entries(clientOperations))
    for (const method of entry.methods)
      it(`${method} sends ${operationId} first`, async () => {
        const client = createImsClient({ baseUrl, token: 't', projectId: exampleIds.project_id, retry: false });
        received.length = 0;
        const error = await calls[method](client).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImsApiError);
        expect((error as ImsApiError).status).toBe(400);
        expect(received.length).toBeGreaterThan(0);
        expect(operationAt(received[0]!.method, received[0]!.path)).toEqual([operationId]);
      });
});
