// The static mock (`npm run mock`: real Prism over the spec, the one the global setup starts)
// serving the operations added with the v1 API and Glance's member schema, spoken to over plain
// HTTP: every named example of every declared status is picked by `Prefer`, the default answer
// is the first 200 example, a batch body that breaks the contract gets the spec's 400 (never a
// 422), and no token gets the spec's 401. Expectations come from the bundled spec itself.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, type OperationId, operationRules } from '../generated/contract.js';
import { running } from './support/servers.js';
import { spec } from './support/spec.js';

type Example = { value: unknown };
type MediaType = { schema: { $ref: string }; examples: Record<string, Example> };
const follow = <T>(node: unknown): T => {
  const ref = (node as { $ref?: string }).$ref;
  return (
    ref
      ? ref
          .slice(2)
          .split('/')
          .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec)
      : node
  ) as T;
};

const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(spec as object, 'spec');

const operationsUnderTest: OperationId[] = [
  'batchUpdateImageMembers',
  'showJobProgress',
  'showJob',
  'showMemberSchema',
];
const pathValues = { job_id: exampleIds.job_id, project_id: exampleIds.project_id };
const token = { [authHeader]: 'any-token' };

/** An operation's declared answers, its request examples, and how to call it. */
function describeOperation(id: OperationId) {
  const { method, path } = operationRules[id];
  const operation = (spec.paths as Record<string, Record<string, Record<string, unknown>>>)[path]![
    method.toLowerCase()
  ]!;
  const responses = Object.entries(operation.responses as Record<string, unknown>).map(([status, ref]) => {
    const media = follow<{ content: Record<string, MediaType> }>(ref).content['application/json']!;
    return {
      status: Number(status),
      examples: media.examples,
      validate: ajv.compile({ $ref: `spec${media.schema.$ref}` }),
    };
  });
  const requestBody = operation.requestBody
    ? follow<{ content: Record<string, MediaType> }>(operation.requestBody).content['application/json']!
    : undefined;
  return { method, path: expandPath(path, pathValues), responses, requestBody };
}

let baseUrl: string;
beforeAll(async () => {
  baseUrl = await running('prismUrl');
});

for (const id of operationsUnderTest) {
  const { method, path, responses, requestBody } = describeOperation(id);
  const firstRequest = requestBody ? JSON.stringify(Object.values(requestBody.examples)[0]!.value) : undefined;
  const call = (headers: Record<string, string>, body = firstRequest) =>
    fetch(baseUrl + path, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body,
    });

  describe(`${id} (${method} ${operationRules[id].path}) on the static mock`, () => {
    it('declares more than one answer to pick from', () => {
      expect(responses.length).toBeGreaterThan(1);
      expect(responses.flatMap((r) => Object.keys(r.examples)).length).toBeGreaterThan(responses.length - 1);
    });

    for (const { status, examples, validate } of responses)
      for (const [name, example] of Object.entries(examples))
        it(`Prefer: code=${status}, example=${name}`, async () => {
          const response = await call({ ...token, Prefer: `code=${status}, example=${name}` });
          expect(response.status).toBe(status);
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
          const body = await response.json();
          expect(body).toEqual(example.value);
          expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
        });

    it('answers the first 200 example with no Prefer header', async () => {
      const ok = responses.find((r) => r.status === 200)!;
      const response = await call(token);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(Object.values(ok.examples)[0]!.value);
    });

    it('answers a request without a token with the spec 401', async () => {
      const unauthorized = responses.find((r) => r.status === 401)!;
      const response = await call({});
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(Object.values(unauthorized.examples)[0]!.value);
    });
  });
}

describe('batchUpdateImageMembers: request bodies', () => {
  const { method, path, responses, requestBody } = describeOperation('batchUpdateImageMembers');
  const send = (body: string) =>
    fetch(baseUrl + path, { method, headers: { ...token, 'Content-Type': 'application/json' }, body });
  const submitted = responses.find((r) => r.status === 200)!.validate;
  const badRequest = responses.find((r) => r.status === 400)!.validate;

  for (const [name, example] of Object.entries(requestBody!.examples))
    it(`request example "${name}" gets 200 and a job_id`, async () => {
      const response = await send(JSON.stringify(example.value));
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(submitted(body), JSON.stringify(submitted.errors)).toBe(true);
    });

  const images = [exampleIds.image_id];
  const ok = { images, project_id: exampleIds.project_id, status: 'accepted' };
  const cases: [string, unknown][] = [
    ['no images', { ...ok, images: [] }],
    ['an image twice', { ...ok, images: [exampleIds.image_id, exampleIds.image_id] }],
    ['an image ID that is not a UUID', { ...ok, images: ['not-a-uuid'] }],
    ['one image ID instead of a list', { ...ok, images: exampleIds.image_id }],
    ['project_id missing', { images, status: 'accepted' }],
    ['project_id empty', { ...ok, project_id: '' }],
    ['status pending (Glance only)', { ...ok, status: 'pending' }],
    ['status upper-case', { ...ok, status: 'ACCEPTED' }],
    ['reject with vault_id', { ...ok, status: 'rejected', vault_id: 'v' }],
    ['empty vault_id', { ...ok, vault_id: '' }],
    ['an unknown field', { ...ok, imageIds: images }],
    ['not an object', [ok]],
  ];
  for (const [label, body] of cases)
    it(`${label}: the spec 400, never a 422`, async () => {
      const response = await send(JSON.stringify(body));
      expect(response.status).toBe(400);
      const answer = await response.json();
      expect(badRequest(answer), JSON.stringify(badRequest.errors)).toBe(true);
    });
});
