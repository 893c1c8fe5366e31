// The sandbox's router and generic pipeline: routes from the spec's operations, 405 with `Allow`
// for a method the spec does not declare on a known path, the spec's 400 for an ID the router
// cannot decode (never a 404, never a crash), and no request at all that makes `handle` throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { createSandbox } from '../src/sandbox/index.js';
import { breaks } from '../src/sandbox/rules.js';
import { createContractValidator } from '../src/validate.js';

const contract = createContractValidator();
const member = operationRules.updateImageMemberStatus;
// Glance-shaped errors are JSON when asked for JSON (as the project's client does): see test/glance-errors.test.ts.
const headers = { [authHeader]: 'member-token', 'Content-Type': 'application/json', Accept: 'application/json' };
const body = JSON.stringify({ status: 'accepted' });
const imagePrefix = expandPath(member.path, exampleIds).replace(/[^/]+$/, '');
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261122 : undefined;

describe('routing by the spec', () => {
  it('every method the spec does not declare on a path is 405, naming the declared ones as Glance orders them', () => {
    const sandbox = createSandbox();
    // Measured on a real Glance: `Allow: GET, PUT, DELETE` on a member, `GET, POST` on the member list.
    const allowed = (path: string) =>
      Object.values(operationRules)
        .filter((rule) => rule.path === path)
        .map((rule): string => rule.method);
    expect(allowed(member.path)).toEqual(['GET', 'PUT', 'DELETE']);
    expect(allowed(operationRules.addImageMember.path)).toEqual(['GET', 'POST']);
    for (const path of [member.path, operationRules.addImageMember.path])
      for (const method of ['GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD'].filter(
        (m) => !allowed(path).includes(m),
      )) {
        const answer = sandbox.handle({ method, path: expandPath(path, exampleIds), headers, body });
        expect(answer.status, method).toBe(405);
        expect(answer.headers.Allow).toBe(allowed(path).join(', '));
      }
  });

  it('a path the spec does not have is 404 in Glance shape', () => {
    const answer = createSandbox().handle({ method: 'PUT', path: '/v2/nothing-here', headers, body });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: '404 Not Found', title: 'Not Found' });
  });

  const undecodable = ['%', '%ff', '%E0%A4%A', '', '%2', 'a%zz'];
  for (const raw of undecodable)
    it(`member ID ${JSON.stringify(raw)}: the spec's 400 after identity, not a 404 and not a crash`, () => {
      const sandbox = createSandbox();
      const path = `${imagePrefix}${raw}`;
      const answer = sandbox.handle({ method: 'PUT', path, headers, body });
      expect(answer.status).toBe(400);
      expect(contract.validateResponse(400, answer.body, 'updateImageMemberStatus').violations).toEqual([]);
      const { [authHeader]: _token, ...anonymous } = headers;
      expect(sandbox.handle({ method: 'PUT', path, headers: anonymous, body }).status).toBe(401);
    });

  it('an image ID with a malformed escape gets the 400 too', () => {
    const path = member.path.replace('{image_id}', '%ff').replace('{member_id}', exampleIds.member_id);
    expect(createSandbox().handle({ method: 'PUT', path, headers, body }).status).toBe(400);
  });

  it('the query string is ignored', () => {
    const path = `${expandPath(member.path, exampleIds)}?x=%ff`;
    expect(createSandbox().handle({ method: 'PUT', path, headers, body }).status).toBe(200);
  });
});

describe('the rules checker agrees with the spec schemas', () => {
  it('on generated IDs, valid and not', () => {
    const ids = fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.stringMatching(/^[0-9a-f]{32}$/),
      fc.constantFrom('.', '..', 'a/b', '', 'm'.repeat(255), 'm'.repeat(256)),
    );
    fc.assert(
      fc.property(ids, ids, (image_id, member_id) => {
        const schema = contract.validatePathParameters({ image_id, member_id }, 'updateImageMemberStatus').valid;
        const rules =
          !breaks(member.pathParameters.image_id, image_id) && !breaks(member.pathParameters.member_id, member_id);
        expect(rules).toBe(schema);
      }),
      { numRuns: 2000, ...(seed === undefined ? {} : { seed }) },
    );
  });
});

describe('no request makes handle throw', () => {
  it('random methods, paths, headers and bodies all get an answer with a JSON body', () => {
    const sandbox = createSandbox();
    const path = fc.oneof(
      fc.string().map((s) => `/${s}`),
      fc.string().map((s) => `${imagePrefix}${s}`),
      fc.string().map((s) => member.path.replace('{image_id}', s).replace('{member_id}', exampleIds.member_id)),
      fc.constant('/__sandbox/state'),
    );
    const requestBody = fc.oneof(fc.string(), fc.json(), fc.constant(undefined), fc.constant('['.repeat(5000)));
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'put'),
        path,
        fc.dictionary(fc.constantFrom(authHeader, 'content-type', 'X-Other'), fc.string()),
        requestBody,
        (method, p, h, b) => {
          const answer = sandbox.handle({ method, path: p, headers: h, body: b });
          expect(answer.status).toBeGreaterThanOrEqual(200);
          expect(answer.status).toBeLessThan(500);
          expect(() => JSON.stringify(answer.body)).not.toThrow();
        },
      ),
      { numRuns: 1000, ...(seed === undefined ? {} : { seed }) },
    );
  });
});
