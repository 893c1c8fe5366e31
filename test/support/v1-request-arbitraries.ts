// fast-check arbitraries for requests to the v1 operations (the batch update and the two job
// reads), derived from the generated rules: valid ones and invalid ones by mutation, each with
// the status the contract expects. `own` is the project the caller's token belongs to and `jobs`
// the jobs it may read: the mock takes any, the sandbox only its world's.
import fc from 'fast-check';
import { authHeader, expandPath, operationRules } from '../../generated/contract.js';

export interface V1Request {
  label: string;
  operation: 'batchUpdateImageMembers' | 'showJobProgress' | 'showJob';
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  expected: 200 | 400 | 401;
}

const batch = operationRules.batchUpdateImageMembers;
const statuses = Object.keys(batch.requestBody.variants) as ('accepted' | 'rejected')[];
const token = fc
  .string({ minLength: 1, maxLength: 40 })
  .filter((t) => /^[\x21-\x7e]+$/.test(t))
  .map((t) => ({ [authHeader]: t }));
const json = { 'Content-Type': 'application/json' };
const images = fc.uniqueArray(fc.uuid(), {
  minLength: 1,
  maxLength: 6,
  comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
});

const make = (
  label: string,
  operation: V1Request['operation'],
  values: Record<string, string>,
  headers: Record<string, string>,
  body: string | undefined,
  expected: V1Request['expected'],
): V1Request => ({
  label,
  operation,
  method: operationRules[operation].method,
  path: expandPath(operationRules[operation].path, values),
  headers,
  body,
  expected,
});

export function batchRequests(own: string) {
  const validBody = fc.oneof(
    fc.record({ images, project_id: fc.constant(own), status: fc.constantFrom(...statuses) }),
    fc.record({
      images,
      project_id: fc.constant(own),
      status: fc.constant(statuses[0]!),
      vault_id: fc.string({ minLength: 1, maxLength: 64 }),
    }),
  );
  const valid = fc
    .tuple(validBody, token, fc.constantFrom('application/json', 'application/json;charset=UTF-8'))
    .map(([b, t, type]) =>
      make('valid', 'batchUpdateImageMembers', {}, { 'Content-Type': type, ...t }, JSON.stringify(b), 200),
    );
  const mutated: fc.Arbitrary<[string, unknown]> = fc.oneof(
    fc.constant<[string, unknown]>(['no images', { project_id: own, status: 'accepted' }]),
    fc.constant<[string, unknown]>(['empty image list', { images: [], project_id: own, status: 'accepted' }]),
    fc
      .uuid()
      .map((u): [string, unknown] => ['duplicate images', { images: [u, u], project_id: own, status: 'accepted' }]),
    fc
      .string({ maxLength: 20 })
      .map((s): [string, unknown] => [
        'an image that is not a UUID',
        { images: [`x${s}`], project_id: own, status: 'accepted' },
      ]),
    images.map((i): [string, unknown] => [
      'images not an array',
      { images: i[0], project_id: own, status: 'accepted' },
    ]),
    images.map((i): [string, unknown] => ['no project_id', { images: i, status: 'accepted' }]),
    fc
      .tuple(images, fc.constantFrom('', 1, null, 'a/b'))
      .map(([i, p]): [string, unknown] => ['project_id broken', { images: i, project_id: p, status: 'accepted' }]),
    fc
      .tuple(images, fc.constantFrom('ACCEPTED', 'Rejected', 'pending', '', 5, null, true))
      .map(([i, s]): [string, unknown] => ['wrong status', { images: i, project_id: own, status: s }]),
    images.map((i): [string, unknown] => ['status missing', { images: i, project_id: own }]),
    images.map((i): [string, unknown] => [
      'vault_id with reject',
      { images: i, project_id: own, status: 'rejected', vault_id: 'v' },
    ]),
    fc
      .tuple(
        images,
        fc
          .string({ minLength: 1, maxLength: 10 })
          .filter((k) => !['images', 'project_id', 'status', 'vault_id', '__proto__'].includes(k)),
      )
      .map(([i, k]): [string, unknown] => [
        'unknown field',
        { images: i, project_id: own, status: 'accepted', [k]: 1 },
      ]),
    fc
      .jsonValue()
      .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
      .map((v): [string, unknown] => ['not an object', v]),
  );
  const invalid = fc.oneof(
    fc
      .tuple(mutated, token)
      .map(([[label, b], t]) => make(label, 'batchUpdateImageMembers', {}, { ...json, ...t }, JSON.stringify(b), 400)),
    fc
      .tuple(token, fc.constantFrom(undefined, '', '{', '{"images":['))
      .map(([t, raw]) => make('body empty or not JSON', 'batchUpdateImageMembers', {}, { ...json, ...t }, raw, 400)),
    fc
      .tuple(validBody, token, fc.constantFrom('text/plain', 'application/xml', null))
      .map(([b, t, type]) =>
        make(
          `Content-Type ${type ?? 'missing'}`,
          'batchUpdateImageMembers',
          {},
          type ? { 'Content-Type': type, ...t } : t,
          JSON.stringify(b),
          400,
        ),
      ),
  );
  const anonymous = fc
    .tuple(validBody, fc.constantFrom(undefined, ''))
    .map(([b, t]) =>
      make(
        'no token',
        'batchUpdateImageMembers',
        {},
        t === undefined ? json : { ...json, [authHeader]: t },
        JSON.stringify(b),
        401,
      ),
    );
  return { valid, invalid, anonymous };
}

export function jobRequests(operation: 'showJobProgress' | 'showJob', own: string, jobs: fc.Arbitrary<string>) {
  const values = (job_id: string) => ({ job_id, project_id: own });
  const valid = fc.tuple(jobs, token).map(([j, t]) => make('valid', operation, values(j), t, undefined, 200));
  const invalid = fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/), token)
    .map(([a, b, t]) => make('job_id with a slash', operation, values(`${a}/${b}`), t, undefined, 400));
  const anonymous = fc
    .tuple(jobs, fc.constantFrom(undefined, ''))
    .map(([j, t]) =>
      make('no token', operation, values(j), t === undefined ? {} : { [authHeader]: t }, undefined, 401),
    );
  return { valid, invalid, anonymous };
}
