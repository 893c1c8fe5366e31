// fast-check arbitraries for requests to the Glance v2 member calls (add, list, show, delete, the
// member list schema), derived from the generated rules, each with the status the contract
// expects of the target: the static mock answers any valid request with its success, the sandbox
// (any token acts as the documents' member) by its world, where the member may read the
// documents' image but not add to it or delete from it (403), so nothing in the shared sandbox
// changes. Invalid requests are the add's bodies Glance refuses before it looks at the caller.
import fc from 'fast-check';
import { authHeader, exampleIds, expandPath, operationRules } from '../../generated/contract.js';

export type MemberCall =
  | 'addImageMember'
  | 'listImageMembers'
  | 'showImageMember'
  | 'deleteImageMember'
  | 'showMembersSchema';
export interface MemberCallRequest {
  label: string;
  operation: MemberCall;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  expected: number;
}
type Target = 'mock' | 'sandbox';

const token = fc
  .string({ minLength: 1, maxLength: 40 })
  .filter((t) => /^[\x21-\x7e]+$/.test(t))
  .map((t) => ({ [authHeader]: t }));
const memberRule = operationRules.addImageMember.requestBody.variants['*'].properties.member;
/** A project ID the contract accepts: 32 hex digits (Huawei's), or any allowed segment (Glance's). */
const projectId = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc
    .string({ minLength: 1, maxLength: memberRule.maxLength })
    .filter((s) => new RegExp(memberRule.pattern, 'u').test(s) && s.trim() === s && s.length > 0),
);

const request = (
  label: string,
  operation: MemberCall,
  values: Record<string, string>,
  headers: Record<string, string>,
  body: string | undefined,
  expected: number,
): MemberCallRequest => ({
  label,
  operation,
  method: operationRules[operation].method,
  path: expandPath(operationRules[operation].path, values),
  headers,
  body,
  expected,
});

/** The success each call answers a valid request with, on the target. */
const success = (target: Target, operation: MemberCall) =>
  target === 'mock'
    ? operation === 'deleteImageMember'
      ? 204
      : 200
    : operation === 'addImageMember' || operation === 'deleteImageMember'
      ? 403
      : 200;

export function memberCallRequests(target: Target) {
  // The mock takes any IDs; the sandbox's member reads the documents' image and its own membership.
  const image = target === 'mock' ? fc.uuid() : fc.constant(exampleIds.image_id);
  const member = target === 'mock' ? projectId : fc.constant(exampleIds.member_id);
  const json = { 'Content-Type': 'application/json' };
  const valid: fc.Arbitrary<MemberCallRequest> = fc.oneof(
    fc
      .tuple(image, projectId, token)
      .map(([i, m, t]) =>
        request(
          'valid add',
          'addImageMember',
          { image_id: i },
          { ...json, ...t },
          JSON.stringify({ member: m }),
          success(target, 'addImageMember'),
        ),
      ),
    fc
      .tuple(image, token)
      .map(([i, t]) => request('valid list', 'listImageMembers', { image_id: i }, t, undefined, 200)),
    fc
      .tuple(image, member, token)
      .map(([i, m, t]) => request('valid show', 'showImageMember', { image_id: i, member_id: m }, t, undefined, 200)),
    fc
      .tuple(image, member, token)
      .map(([i, m, t]) =>
        request(
          'valid delete',
          'deleteImageMember',
          { image_id: i, member_id: m },
          t,
          undefined,
          success(target, 'deleteImageMember'),
        ),
      ),
    token.map((t) => request('valid schema read', 'showMembersSchema', {}, t, undefined, 200)),
  );
  // The bodies judged before anything else, by Glance and by the sandbox alike: always 400.
  const badBody = fc.oneof(
    fc.constant(['empty body', '']),
    fc.constant(['body not JSON', '{"member":']),
    fc.constant(['no member', '{}']),
    fc.constant(['empty member', '{"member":""}']),
    fc.constant(['null member', '{"member":null}']),
    projectId.map((m) => ['an array', JSON.stringify([m])]),
    projectId.map((m) => ['a string', JSON.stringify(m)]),
  );
  const invalid = fc
    .tuple(image, badBody, token)
    .map(([i, [label, body], t]) => request(label!, 'addImageMember', { image_id: i }, { ...json, ...t }, body, 400));
  const anonymous = valid.map((r) => {
    const { [authHeader]: _, ...headers } = r.headers;
    return { ...r, label: `${r.label} without a token`, headers, expected: 401 };
  });
  return { valid, invalid, anonymous };
}
