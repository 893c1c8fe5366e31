// fast-check arbitraries for requests to the owner's v1 member calls (batch add and delete, the v1
// list and read), derived from the generated rules: valid ones and invalid ones by mutation, each
// with the status the contract expects. The mock takes any project and token; the sandbox only
// its world's: `projects` are the projects a valid batch may name (not the caller's own), and the
// reads' `token`, `own`, `image` and `member` an owner, its image and a member the world has.
import fc from 'fast-check';
import { authHeader, expandPath, operationRules } from '../../generated/contract.js';

export type MemberOperation =
  | 'batchAddImageMembers'
  | 'batchDeleteImageMembers'
  | 'listImageMembersV1'
  | 'showImageMemberV1';

export interface MemberRequest {
  label: string;
  operation: MemberOperation;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  expected: 200 | 400 | 401;
}

const anyToken = fc
  .string({ minLength: 1, maxLength: 40 })
  .filter((t) => /^[\x21-\x7e]+$/.test(t))
  .map((t) => ({ [authHeader]: t }));
const json = { 'Content-Type': 'application/json' };
const images = fc.uniqueArray(fc.uuid(), {
  minLength: 1,
  maxLength: 4,
  comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
});
const limits = operationRules.listImageMembersV1.queryParameters.limit;

const make = (
  label: string,
  operation: MemberOperation,
  values: Record<string, string>,
  headers: Record<string, string>,
  body: string | undefined,
  expected: MemberRequest['expected'],
  query = '',
): MemberRequest => ({
  label,
  operation,
  method: operationRules[operation].method,
  path: expandPath(operationRules[operation].path, values) + query,
  headers,
  body,
  expected,
});

/**
 * A batch add or delete. Valid bodies name random images (no world has them, so a job fails each
 * and changes nothing) and projects of `projects`.
 */
export function memberBatchRequests(
  operation: 'batchAddImageMembers' | 'batchDeleteImageMembers',
  projects: readonly string[],
  token: fc.Arbitrary<Record<string, string>> = anyToken,
) {
  const chosen = fc.uniqueArray(fc.constantFrom(...projects), { minLength: 1, maxLength: projects.length });
  const validBody = fc.record({ images, projects: chosen });
  const valid = fc
    .tuple(validBody, token, fc.constantFrom('application/json', 'application/json;charset=UTF-8'))
    .map(([b, t, type]) => make('valid', operation, {}, { 'Content-Type': type, ...t }, JSON.stringify(b), 200));
  const mutated: fc.Arbitrary<[string, unknown]> = fc.oneof(
    chosen.map((p): [string, unknown] => ['no images', { projects: p }]),
    images.map((i): [string, unknown] => ['no projects', { images: i }]),
    chosen.map((p): [string, unknown] => ['empty image list', { images: [], projects: p }]),
    images.map((i): [string, unknown] => ['empty project list', { images: i, projects: [] }]),
    fc
      .tuple(fc.uuid(), chosen)
      .map(([u, p]): [string, unknown] => ['duplicate images', { images: [u, u], projects: p }]),
    fc
      .tuple(images, fc.constantFrom('', 1, null, 'a/b', '..'))
      .map(([i, p]): [string, unknown] => ['a project ID broken', { images: i, projects: [p] }]),
    fc
      .tuple(fc.string({ maxLength: 20 }), chosen)
      .map(([s, p]): [string, unknown] => ['an image that is not a UUID', { images: [`x${s}`], projects: p }]),
    fc
      .tuple(
        images,
        chosen,
        fc
          .string({ minLength: 1, maxLength: 10 })
          .filter((k) => !['images', 'projects', 'domains', 'organizations', '__proto__'].includes(k)),
      )
      .map(([i, p, k]): [string, unknown] => ['unknown field', { images: i, projects: p, [k]: 1 }]),
    // Falsy bodies (false, 0, null, "") left out: with FC_SEED=355885844 Prism's proxy named no
    // request breach for a DELETE with the body `false` (the sandbox behind it still answered 400).
    fc
      .jsonValue()
      .filter((v) => Boolean(v) && (typeof v !== 'object' || Array.isArray(v)))
      .map((v): [string, unknown] => ['not an object', v]),
  );
  const invalid = fc.oneof(
    fc
      .tuple(mutated, token)
      .map(([[label, b], t]) => make(label, operation, {}, { ...json, ...t }, JSON.stringify(b), 400)),
    fc
      .tuple(token, fc.constantFrom(undefined, '', '{', '{"images":['))
      .map(([t, raw]) => make('body empty or not JSON', operation, {}, { ...json, ...t }, raw, 400)),
  );
  const anonymous = fc
    .tuple(validBody, fc.constantFrom(undefined, ''))
    .map(([b, t]) =>
      make('no token', operation, {}, t === undefined ? json : { ...json, [authHeader]: t }, JSON.stringify(b), 401),
    );
  return { valid, invalid, anonymous };
}

/** The v1 list (with `limit` and `marker`) and the v1 read, by the owner of `image`. */
export function ownerReadRequests(
  operation: 'listImageMembersV1' | 'showImageMemberV1',
  own: string,
  image: string,
  member: string,
  token: fc.Arbitrary<Record<string, string>> = anyToken,
) {
  const values = (image_id: string) => ({ project_id: own, image_id, member_id: member });
  const page = fc
    .option(fc.integer({ min: limits.minimum, max: limits.maximum }), { nil: undefined })
    .map((limit) => (limit === undefined || operation !== 'listImageMembersV1' ? '' : `?limit=${limit}`));
  const valid = fc
    .tuple(token, page)
    .map(([t, query]) => make('valid', operation, values(image), t, undefined, 200, query));
  const brokenId = fc
    .tuple(token, fc.constantFrom('not-a-uuid', '1234', 'x'))
    .map(([t, id]) => make('image_id not a UUID', operation, values(id), t, undefined, 400));
  const brokenLimit = fc
    .tuple(token, fc.constantFrom(0, -1, limits.maximum + 1, 1.5))
    .map(([t, limit]) => make(`limit ${limit}`, operation, values(image), t, undefined, 400, `?limit=${limit}`));
  const invalid = operation === 'listImageMembersV1' ? fc.oneof(brokenId, brokenLimit) : brokenId;
  const anonymous = fc
    .constantFrom(undefined, '')
    .map((t) => make('no token', operation, values(image), t === undefined ? {} : { [authHeader]: t }, undefined, 401));
  return { valid, invalid, anonymous };
}
