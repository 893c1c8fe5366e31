// The typed client against a real Prism mock of the spec: every answer it gets is checked
// against the spec, and bad input never leaves the process.
import { beforeAll, describe, expect, it } from 'vitest';
import { authHeader, expandPath } from '../generated/contract.js';
import { createImsClient, ImsApiError, type ImsClientOptions, ImsInputError } from '../src/index.js';
import { createContractValidator } from '../src/validate.js';
import { running } from './support/servers.js';
import { imageId, memberId, memberStatusPath, requestExamples, responseExamples } from './support/spec.js';

const contract = createContractValidator();
let baseUrl: string;
beforeAll(async () => {
  baseUrl = await running('prismUrl');
});

/** A client whose fetch is the real one, counted, so a test can tell whether a request left. */
function countedClient(options: Partial<ImsClientOptions> = {}) {
  const sent: Request[] = [];
  const client = createImsClient({
    baseUrl,
    token: 'test-token',
    validator: contract, // every answer checked against the spec by the client itself
    ...options,
    fetch: (request) => {
      sent.push(request.clone());
      return fetch(request);
    },
  });
  return { client, sent };
}

describe('the requests from the Chinese document', () => {
  it('accepts a plain shared image: 200 and a Member valid against the spec', async () => {
    const { client, sent } = countedClient();
    const member = await client.acceptSharedImage(imageId, memberId);
    expect(contract.validateResponse(200, member, 'updateImageMemberStatus').violations).toEqual([]);
    expect(member.image_id).toBe(imageId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('PUT');
    expect(new URL(sent[0]!.url).pathname).toBe(
      expandPath(memberStatusPath, { image_id: imageId, member_id: memberId }),
    );
    expect(sent[0]!.headers.get(authHeader)).toBe('test-token');
    expect(await sent[0]!.json()).toEqual(requestExamples.accept!.value);
  });

  it('accepts a full-ECS image with vault_id: 200, and the body carries the vault', async () => {
    const { client, sent } = countedClient();
    const vaultId = (requestExamples.accept_full_ecs_image!.value as { vault_id: string }).vault_id;
    const member = await client.acceptSharedImage(imageId, memberId, { vaultId });
    expect(contract.validateResponse(200, member, 'updateImageMemberStatus').violations).toEqual([]);
    expect(await sent[0]!.json()).toEqual(requestExamples.accept_full_ecs_image!.value);
  });

  it('rejects a shared image; the mock picks the "rejected" example on request', async () => {
    const { client, sent } = countedClient({ headers: { Prefer: 'example=rejected' } });
    const member = await client.rejectSharedImage(imageId, memberId);
    expect(contract.validateResponse(200, member, 'updateImageMemberStatus').violations).toEqual([]);
    expect(member.status).toBe('rejected');
    expect(await sent[0]!.json()).toEqual(requestExamples.reject!.value);
  });

  it('a member_id of 255 code points (510 UTF-16 units) is within the contract, and the mock agrees', async () => {
    const { client, sent } = countedClient();
    const member = await client.acceptSharedImage(imageId, '😀'.repeat(255));
    expect(contract.validateResponse(200, member, 'updateImageMemberStatus').violations).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('updateMemberStatus sends the body as given', async () => {
    const { client, sent } = countedClient();
    await client.updateMemberStatus(imageId, memberId, { status: 'rejected' });
    expect(await sent[0]!.json()).toEqual({ status: 'rejected' });
  });
});

describe('every declared error status reaches the client as an ImsApiError', () => {
  for (const { status, examples } of responseExamples.filter((r) => r.status !== 200)) {
    for (const [name, example] of Object.entries(examples)) {
      it(`${status} "${name}"`, async () => {
        // Short backoffs, and a Retry-After cap below the mock's (its example says 5 s): the 503
        // ends at once with the same ImsApiError instead of after two 5 s waits. Honouring
        // Retry-After, and giving up with the last error, are client-faults.test.ts's cases.
        const { client } = countedClient({
          headers: { Prefer: `code=${status}, example=${name}` },
          retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 },
        });
        const error = await client.acceptSharedImage(imageId, memberId).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ImsApiError);
        const apiError = error as ImsApiError;
        expect(apiError.status).toBe(status);
        expect(apiError.body).toEqual(example.value);
        expect(contract.validateResponse(status, apiError.body, 'updateImageMemberStatus').violations).toEqual([]);
        const body = example.value as { error?: { code: string }; error_code?: string; code?: string };
        expect(apiError.code).toBe(body.error?.code ?? body.error_code ?? body.code);
        expect(apiError.message.length).toBeGreaterThan(0);
        expect(apiError.requestId).toBeTruthy();
      });
    }
  }

  it('a missing token gets the spec 401 from the mock', async () => {
    const { client } = countedClient({ token: undefined });
    const error = await client.rejectSharedImage(imageId, memberId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImsApiError);
    expect((error as ImsApiError).status).toBe(401);
    expect(contract.validateResponse(401, (error as ImsApiError).body, 'updateImageMemberStatus').valid).toBe(true);
  });
});

describe('bad input never produces a request', () => {
  // The message says the rule in words; `rule` keeps it as the contract states it.
  const uuidWords =
    /image_id must be an image ID like [0-9a-f-]{36}: a UUID, 32 hexadecimal digits in groups of 8-4-4-4-12$/;
  const badIds: [string, unknown, RegExp, RegExp][] = [
    ['image_id', '..', uuidWords, /^must match \^/],
    ['image_id', '.', uuidWords, /^must match \^/],
    ['image_id', '', uuidWords, /^must match \^/],
    ['image_id', 'a/b', uuidWords, /^must match \^/],
    ['image_id', 'not-a-uuid', uuidWords, /^must match \^/],
    ['image_id', undefined, /image_id must be a string, got undefined/, /must be a string/],
    [
      'member_id',
      '..',
      /member_id must be a member ID, not "\.\.", which would change the URL's path/,
      /^must match \^/,
    ],
    ['member_id', '.', /member_id must be a member ID, not "\.", which would change the URL's path/, /^must match \^/],
    ['member_id', '', /member_id must not be empty/, /must not be empty/],
    [
      'member_id',
      'a/b',
      /member_id must be a member ID without "\/": it is one segment of the URL's path/,
      /^must match/,
    ],
    ['member_id', '/', /member_id must be a member ID without "\/"/, /^must match/],
    ['member_id', 'x'.repeat(256), /member_id must be at most 255 characters, got 256/, /at most 255/],
    ['member_id', '😀'.repeat(256), /member_id must be at most 255 characters, got 256/, /at most 255/],
    ['member_id', null, /member_id must be a string, got null/, /must be a string/],
  ];
  for (const [field, value, message, rule] of badIds) {
    it(`${field} = ${JSON.stringify(value)?.slice(0, 20) ?? 'undefined'}`, async () => {
      const { client, sent } = countedClient();
      const [image, member] = field === 'image_id' ? [value, memberId] : [imageId, value];
      const error = await client.acceptSharedImage(image as string, member as string).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImsInputError);
      expect((error as ImsInputError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
      expect((error as ImsInputError).rule).toMatch(rule);
      expect(sent).toHaveLength(0);
    });
  }

  const badBodies: [string, unknown, string, RegExp][] = [
    ['no body', undefined, 'body', /must be an object/],
    ['an array', [], 'body', /must be an object/],
    ['status missing', {}, 'status', /must be one of accepted, rejected, got undefined/],
    ['status upper-case', { status: 'ACCEPTED' }, 'status', /got "ACCEPTED"/],
    ['status pending', { status: 'pending' }, 'status', /must be one of accepted, rejected/],
    ['status null', { status: null }, 'status', /got null/],
    ['reject with vault_id', { status: 'rejected', vault_id: 'v' }, 'vault_id', /not allowed when status is rejected/],
    ['a misspelled field', { status: 'accepted', vaultId: 'v' }, 'vaultId', /not allowed/],
    ['an empty vault_id', { status: 'accepted', vault_id: '' }, 'vault_id', /must not be empty/],
    ['a vault_id not a string', { status: 'accepted', vault_id: 42 }, 'vault_id', /must be a string, got number/],
  ];
  for (const [label, body, field, message] of badBodies) {
    it(`body: ${label}`, async () => {
      const { client, sent } = countedClient();
      const error = await client.updateMemberStatus(imageId, memberId, body as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImsInputError);
      expect((error as ImsInputError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
      expect(sent).toHaveLength(0);
    });
  }

  it('the token never appears in an input error', async () => {
    const { client } = countedClient({ token: 'secret-token-value' });
    const error = await client.acceptSharedImage('..', memberId).catch((e: unknown) => e);
    expect(String(error) + JSON.stringify(error) + (error as Error).stack).not.toContain('secret-token-value');
  });
});
