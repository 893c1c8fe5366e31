// Every named error example of the spec, for every operation the client calls, served by a
// real server in the shape the spec gives it: the client's ImsApiError carries the example's
// name as `reason` (generated `reasonOf`), and `code` exactly as sent. The table of reasons in
// docs/errors.md is held to the same generated data here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorExamples, exampleIds, type OperationId, operationRules } from '../generated/contract.js';
import { createImsClient, type ImsApiError, type ImsClient } from '../src/index.js';
import { resolveRef, spec } from '../src/spec.js';
import { type FaultServer, startFaultServer } from './support/fault-server.js';

type Examples = Record<string, { value: unknown }>;

/** The named examples of one declared answer of an operation, from the bundled spec. */
function examplesOf(operationId: OperationId, status: string): Examples {
  const { path, method } = operationRules[operationId];
  const operation = (spec.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]![
    method.toLowerCase()
  ]!;
  const response = resolveRef<{ content: { 'application/json': { examples: Record<string, unknown> } } }>(
    operation.responses[status] as never,
  );
  return Object.fromEntries(
    Object.entries(response.content['application/json'].examples).map(([name, example]) => [
      name,
      resolveRef<{ value: unknown }>(example as never),
    ]),
  );
}

const image = exampleIds.image_id;
const project = exampleIds.member_id;
/** One call per operation the client offers, each sent once (no retry) whatever the answer. */
const calls: Partial<Record<OperationId, (client: ImsClient) => Promise<unknown>>> = {
  updateImageMemberStatus: (c) => c.acceptSharedImage(image, project),
  batchUpdateImageMembers: (c) =>
    c.batchUpdateImageMembers({ images: [image], project_id: project, status: 'accepted' }),
  showJobProgress: (c) => c.showJobProgress('job-1'),
  showJob: (c) => c.showJob('job-1', { projectId: project }),
};

const servers: FaultServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const cases = Object.entries(calls).flatMap(([operationId, call]) =>
  Object.entries(errorExamples[operationId as OperationId]).flatMap(([status, declared]) => {
    const bodies = examplesOf(operationId as OperationId, status);
    return declared.map((example) => ({
      operationId,
      status: Number(status),
      example,
      body: bodies[example.example]!.value,
      call: call!,
    }));
  }),
);

describe('every declared error answer carries its reason', () => {
  it('covers every operation the client calls, and all three shapes', () => {
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(Object.keys(calls)));
    expect(new Set(cases.map((c) => c.example.shape))).toEqual(new Set(['ims', 'gateway', 'glance']));
    expect(cases.length).toBeGreaterThan(20);
  });

  for (const { operationId, status, example, body, call } of cases) {
    it(`${operationId} ${status} ${example.example} (${example.shape}) -> ${example.reason}`, async () => {
      const server = await startFaultServer([{ answer: status, body }]);
      servers.push(server);
      const client = createImsClient({ baseUrl: server.url, token: 't', retry: false });
      const error = (await call(client).then(
        () => undefined,
        (e: unknown) => e,
      )) as ImsApiError;
      expect(error).toMatchObject({ kind: 'api', status, reason: example.reason });
      if (example.code !== undefined) expect(error.code).toBe(example.code);
      await server.close();
    });
  }
});

describe('docs/errors.md', () => {
  it('its table of reasons lists every reason of the spec, each with an operation that declares it', () => {
    const text = readFileSync(join(import.meta.dirname, '../docs/errors.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([a-z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()] as const);
    const expected = new Map<string, Set<string>>();
    for (const [operationId, byStatus] of Object.entries(errorExamples))
      for (const [status, declared] of Object.entries(byStatus))
        for (const { reason } of declared) {
          const set = expected.get(reason) ?? new Set();
          set.add(`${status} ${operationId}`);
          expected.set(reason, set);
        }
    expect(rows.map(([reason]) => reason).sort()).toEqual([...expected.keys()].sort());
    for (const [reason, where] of rows)
      expect(where.split(', ').sort(), reason).toEqual([...expected.get(reason)!].sort());
  });
});
