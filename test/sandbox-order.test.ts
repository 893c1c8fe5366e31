// The order in which the sandbox judges a request, held to the order a real Glance judges it
// (docs/sandbox.md, "How a request is judged"): identity, the body's shape, the caller, the status
// value, then the contract's own rules. Each row is one caller and one body; a sandbox that judged
// the value before the caller (as this project's sandbox once did) fails the stranger and owner rows.
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { createSandbox, defaultWorld } from '../src/sandbox/index.js';
import { createContractValidator } from '../src/validate.js';
import { responseExamples } from './support/spec.js';

const contract = createContractValidator();
const { path: template, method } = operationRules.updateImageMemberStatus;
const projects = defaultWorld.projects;
const shared = defaultWorld.images.find((i) => i.id === exampleIds.image_id)!;
const madePrivate = defaultWorld.images.find((i) => i.visibility === 'private')!;
const memberName = Object.keys(projects).find((n) => projects[n]!.id === exampleIds.member_id)!;
const strangerName = Object.keys(projects).find(
  (n) => n !== shared.owner && !shared.members!.some((m) => m.project === n),
)!;
const tokenOf = (name: string) => projects[name]!.tokens![0]!;

type Caller = 'member' | 'owner' | 'stranger' | 'nobody';
/** Who calls, with which token and which member_id in the URL (each its own, the owner the member's). */
const callers: Record<Caller, { token: string | undefined; memberId: string }> = {
  member: { token: tokenOf(memberName), memberId: exampleIds.member_id },
  owner: { token: tokenOf(shared.owner), memberId: exampleIds.member_id },
  stranger: { token: tokenOf(strangerName), memberId: projects[strangerName]!.id },
  nobody: { token: undefined, memberId: exampleIds.member_id },
};

const bodies = {
  'wrong case': '{"status":"ACCEPTED"}',
  'a number': '{"status":5}',
  null: '{"status":null}',
  unknown: '{"status":"foo"}',
  pending: '{"status":"pending"}',
  'no status': '{}',
  'not JSON': '{"status":',
  'an array': '["accepted"]',
  'a string': '"accepted"',
  empty: '',
  'unknown field': '{"status":"accepted","extra":1}',
  'vault_id on a reject': '{"status":"rejected","vault_id":"v"}',
  valid: '{"status":"accepted"}',
} as const;
type Body = keyof typeof bodies;

// [caller, image, body, status, example]: the answers a real Glance gives (its status; the body
// is the spec's example the contract names for that case).
type Row = readonly [Caller, 'shared' | 'private', Body, number, string];
const rows: Row[] = [
  // Identity first, whatever the body.
  ['nobody', 'shared', 'no status', 401, 'token_missing'],
  ['nobody', 'shared', 'not JSON', 401, 'token_missing'],
  ['nobody', 'shared', 'wrong case', 401, 'token_missing'],
  // Then the body's shape: 400 for everyone, before the caller is looked at.
  ...(['member', 'owner', 'stranger'] as const).flatMap((caller): Row[] => [
    [caller, 'shared', 'no status', 400, 'status_missing'],
    [caller, 'shared', 'not JSON', 400, 'request_invalid'],
    [caller, 'shared', 'an array', 400, 'request_invalid'],
    [caller, 'shared', 'a string', 400, 'request_invalid'],
    [caller, 'shared', 'empty', 400, 'body_empty'],
    [caller, 'private', 'no status', 400, 'status_missing'],
  ]),
  // Then the caller: a stranger and a member of an image made private learn nothing (404), the owner is refused (403),
  // whatever the status value is.
  ['stranger', 'shared', 'wrong case', 404, 'image_not_found'],
  ['stranger', 'shared', 'a number', 404, 'image_not_found'],
  ['stranger', 'shared', 'null', 404, 'image_not_found'],
  ['stranger', 'shared', 'unknown field', 404, 'image_not_found'],
  ['owner', 'shared', 'wrong case', 403, 'owner_cannot_set_status'],
  ['owner', 'shared', 'a number', 403, 'owner_cannot_set_status'],
  ['owner', 'shared', 'vault_id on a reject', 403, 'owner_cannot_set_status'],
  ['member', 'private', 'unknown', 404, 'image_not_found'],
  ['member', 'private', 'wrong case', 404, 'image_not_found'],
  // Then the status value, for the member only.
  ['member', 'shared', 'wrong case', 400, 'invalid_status'],
  ['member', 'shared', 'a number', 400, 'invalid_status'],
  ['member', 'shared', 'null', 400, 'invalid_status'],
  ['member', 'shared', 'unknown', 400, 'invalid_status'],
  ['member', 'shared', 'pending', 400, 'invalid_status'],
  // Unknown fields are ignored, as Glance ignores them (openstacksdk sends `member` beside `status`).
  ['member', 'shared', 'unknown field', 200, 'accepted'],
  // Then the contract's own rules, stricter than Glance by design.
  ['member', 'shared', 'vault_id on a reject', 400, 'request_invalid'],
  ['member', 'shared', 'valid', 200, 'accepted'],
];

const exampleNames = (status: number) => Object.keys(responseExamples.find((r) => r.status === status)!.examples);

describe("the sandbox judges in Glance's order", () => {
  for (const [caller, imageKind, bodyName, status, exampleName] of rows) {
    it(`${caller}, ${imageKind} image, ${bodyName}: ${status} ${exampleName}`, () => {
      const sandbox = createSandbox();
      const { token, memberId } = callers[caller];
      const image = imageKind === 'shared' ? shared.id : madePrivate.id;
      const answer = sandbox.handle({
        method,
        path: expandPath(template, { image_id: image, member_id: memberId }),
        // JSON asked for, as the project's client asks: Glance-shaped errors are then webob's JSON.
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(token === undefined ? {} : { [authHeader]: token }),
        },
        body: bodies[bodyName],
      });
      expect(answer.status).toBe(status);
      expect(contract.validateResponse(answer.status, answer.body, 'updateImageMemberStatus').violations).toEqual([]);
      expect(exampleNames(status)).toContain(exampleName);
      if (status === 200) expect(answer.body).toMatchObject({ status: 'accepted', image_id: image });
      else {
        const expected = responseExamples.find((r) => r.status === status)!.examples[exampleName]!.value;
        expect(JSON.stringify(answer.body)).toBe(
          JSON.stringify(expected).split(exampleIds.image_id).join(image).split(exampleIds.member_id).join(memberId),
        );
      }
    });
  }

  it('a trigger on a world image waits for the caller: the owner on the 503-then-recovers image is 403', () => {
    const sandbox = createSandbox();
    const outage = defaultWorld.scenarios!.find((r) => r.trigger && r.answer.status === 503 && r.answer.times)!;
    const owner = defaultWorld.images.find((i) => i.id === outage.request.image_id)!.owner;
    const answer = sandbox.handle({
      method,
      path: expandPath(template, { image_id: outage.request.image_id!, member_id: exampleIds.member_id }),
      headers: { 'Content-Type': 'application/json', [authHeader]: tokenOf(owner) },
      body: bodies.valid,
    });
    expect(answer.status).toBe(403);
  });
});
