// Both mocks, spoken to over plain HTTP as a frontend would: the real Prism mock, and the MSW
// handlers the package exports (here with msw/node; the browser tests run them in a service
// worker). Every declared status and named example is reachable, invalid requests get the
// spec's 400 (never a 422), a missing token gets 401. Expectations come from the spec itself.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, requestIdHeaders } from '../generated/contract.js';
import { createImsHandlers } from '../src/msw.js';
import { createContractValidator } from '../src/validate.js';
import { running } from './support/servers.js';
import { memberUrl, requestExamples, responseExamples } from './support/spec.js';

const contract = createContractValidator();
const MSW_ORIGIN = 'https://ims.msw.test';
const msw = setupServer(...createImsHandlers({ baseUrl: MSW_ORIGIN }));
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

const json = { 'Content-Type': 'application/json', [authHeader]: 'any-token' };
const put = (headers: Record<string, string>, body: string | undefined, target: string) =>
  fetch(target, { method: 'PUT', headers, body });

for (const mock of ['prism', 'msw'] as const) {
  describe(`${mock} mock`, () => {
    let url: string;
    let baseUrl: string;
    beforeAll(async () => {
      baseUrl = mock === 'prism' ? await running('prismUrl') : MSW_ORIGIN;
      url = memberUrl(baseUrl);
    });

    describe('every named example of every declared status is reachable with Prefer', () => {
      for (const { status, examples } of responseExamples) {
        for (const [name, example] of Object.entries(examples)) {
          it(`Prefer: code=${status}, example=${name}`, async () => {
            const response = await put(
              { ...json, Prefer: `code=${status}, example=${name}` },
              JSON.stringify(requestExamples.accept!.value),
              url,
            );
            expect(response.status).toBe(status);
            expect(response.headers.get('content-type')).toMatch(/^application\/json/);
            const body = await response.json();
            expect(body).toEqual(example.value);
            expect(contract.validateResponse(status, body, 'updateImageMemberStatus').violations).toEqual([]);
          });
        }
      }
    });

    describe('valid requests get 200 and a Member', () => {
      for (const [name, example] of Object.entries(requestExamples)) {
        it(`request example "${name}"`, async () => {
          const response = await put(json, JSON.stringify(example.value), url);
          expect(response.status).toBe(200);
          expect(contract.validateResponse(200, await response.json(), 'updateImageMemberStatus').violations).toEqual(
            [],
          );
          expect(response.headers.get(requestIdHeaders[0])).toBeTruthy();
        });
      }
    });

    describe('invalid requests get the spec 400, never an undeclared 422', () => {
      const cases: [string, Record<string, string>, string | undefined, string?][] = [
        ['no body', json, undefined],
        ['empty body', json, ''],
        ['body not JSON', json, 'status=accepted'],
        ['body not an object', json, '["accepted"]'],
        ['status missing', json, '{}'],
        ['status upper-case', json, '{"status":"ACCEPTED"}'],
        ['status empty', json, '{"status":""}'],
        ['status null', json, '{"status":null}'],
        ['status a number', json, '{"status":1}'],
        ['status pending (Glance only)', json, '{"status":"pending"}'],
        ['reject with vault_id', json, '{"status":"rejected","vault_id":"v"}'],
        ['empty vault_id', json, '{"status":"accepted","vault_id":""}'],
        ['misspelled field', json, '{"status":"accepted","vaultId":"v"}'],
        ['wrong Content-Type', { ...json, 'Content-Type': 'text/plain' }, '{"status":"accepted"}'],
        ['image_id not a UUID', json, '{"status":"accepted"}', 'not-a-uuid'],
      ];
      for (const [label, headers, body, image] of cases) {
        it(label, async () => {
          const response = await put(headers, body, image ? memberUrl(baseUrl, image) : url);
          expect(response.status).toBe(400);
          const answer = await response.json();
          expect(contract.validateResponse(400, answer, 'updateImageMemberStatus').violations).toEqual([]);
        });
      }
    });

    describe('authentication', () => {
      it('a request without a token gets the spec 401', async () => {
        const response = await put({ 'Content-Type': 'application/json' }, '{"status":"accepted"}', url);
        expect(response.status).toBe(401);
        const body = await response.json();
        expect(body).toEqual(responseExamples.find((r) => r.status === 401)!.examples.token_missing!.value);
      });
    });
  });
}

describe('Prism: CORS for a browser on another origin', () => {
  let url: string;
  beforeAll(async () => {
    url = memberUrl(await running('prismUrl'));
  });
  const origin = 'http://localhost:5173';
  it('answers the preflight for PUT with the headers the client sends', async () => {
    const response = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type,x-auth-token,prefer',
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/x-auth-token/);
  });

  it('marks the actual answer readable by that origin', async () => {
    const response = await put({ ...json, Origin: origin }, '{"status":"accepted"}', url);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
  });
});
