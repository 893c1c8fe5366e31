// Fault injection: the client against a real local HTTP server that misbehaves on cue. Each
// case asserts the exact typed outcome, the number of attempts, and a bounded end time.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { authHeader, requestIdHeaders } from '../generated/contract.js';
import {
  type AttemptEvent,
  createImsClient,
  ImsAbortError,
  ImsApiError,
  type ImsClientOptions,
  ImsContractError,
  type ImsError,
  ImsInputError,
  ImsNetworkError,
  ImsTimeoutError,
  regions,
} from '../src/index.js';
import { createContractValidator } from '../src/validate.js';
import { type FaultServer, type Step, startFaultServer } from './support/fault-server.js';
import { imageId, memberId, responseExamples } from './support/spec.js';

const examples = (status: number) => responseExamples.find((r) => r.status === status)!.examples;
const member = examples(200).accepted!.value as Record<string, unknown>;
const ok: Step = { answer: 200, body: member };
const TOKEN = 'tok-SECRET-0123456789';
const SK = 'sk-SECRET-abcdefghijklmnop';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A fault server playing `steps` and a client of it. A test that runs side by side with others
 * (`it.concurrent`, for the ones that only wait) passes its context's `onTestFinished`, which
 * closes its own server; any other test's server is closed by the afterEach above.
 */
async function setup(
  steps: Step[],
  options: Partial<ImsClientOptions> = {},
  onTestFinished?: (close: () => Promise<void>) => void,
) {
  const started = await startFaultServer(steps);
  if (onTestFinished) onTestFinished(() => started.close());
  else server = started;
  const client = createImsClient({
    baseUrl: started.url,
    token: TOKEN,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
  return { client, server: started };
}

/** Runs the call; returns its outcome and how long it took. */
async function outcome<T>(call: Promise<T>) {
  const started = performance.now();
  const result = await call.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...result, ms: performance.now() - started };
}

describe('retries', () => {
  it.concurrent('503 with Retry-After (seconds), then 200: waits as told, 2 attempts', async ({
    expect,
    onTestFinished,
  }) => {
    const { client, server } = await setup(
      [{ answer: 503, body: examples(503).service_unavailable!.value, headers: { 'Retry-After': '1' } }, ok],
      {},
      onTestFinished,
    );
    const { value, ms } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(value).toEqual(member);
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(5_000);
  });

  it.concurrent('503 with Retry-After as an HTTP date, then 200', async ({ expect, onTestFinished }) => {
    const at = new Date(Date.now() + 1_500).toUTCString();
    const { client, server } = await setup(
      [{ answer: 503, body: examples(503).service_unavailable!.value, headers: { 'Retry-After': at } }, ok],
      {},
      onTestFinished,
    );
    const { value, ms } = await outcome(client.rejectSharedImage(imageId, memberId));
    expect(value).toEqual(member);
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(400); // the date has whole seconds only
    expect(ms).toBeLessThan(5_000);
  });

  it('a Retry-After beyond the cap ends the retries at once', async () => {
    const { client, server } = await setup([
      { answer: 503, body: examples(503).service_unavailable!.value, headers: { 'Retry-After': '120' } },
      ok,
    ]);
    const { error, ms } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsApiError);
    expect((error as ImsApiError).status).toBe(503);
    expect((error as ImsApiError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(2_000);
  });

  it('500 then 200: 2 attempts, the member', async () => {
    const { client, server } = await setup([{ answer: 500, body: examples(500).internal_error!.value }, ok]);
    const { value, ms } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(value).toEqual(member);
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeLessThan(3_000);
  });

  it('500 every time: gives up after the default 3 attempts with the last ImsApiError', async () => {
    const { client, server } = await setup([{ answer: 500, body: examples(500).internal_error!.value }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsApiError);
    expect(error).toMatchObject({ status: 500, attempts: 3, code: '500 Internal Server Error' });
    expect(server.requests).toHaveLength(3);
  });

  it('502 and 504 are retried too', async () => {
    const { client, server } = await setup([
      { answer: 502, text: 'Bad Gateway', type: 'text/plain' },
      { answer: 504, text: 'Gateway Timeout', type: 'text/plain' },
      ok,
    ]);
    expect(await client.acceptSharedImage(imageId, memberId)).toEqual(member);
    expect(server.requests).toHaveLength(3);
  });

  for (const status of [400, 401, 403, 404]) {
    it(`${status} is never retried`, async () => {
      const body = Object.values(examples(status))[0]!.value;
      const { client, server } = await setup([{ answer: status, body }, ok]);
      const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
      expect(error).toBeInstanceOf(ImsApiError);
      expect(error).toMatchObject({ status, attempts: 1 });
      expect(server.requests).toHaveLength(1);
    });
  }

  it('retry: false makes one attempt', async () => {
    const { client, server } = await setup([{ answer: 503, body: examples(503).service_unavailable!.value }, ok], {
      retry: false,
    });
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('retry.attempts is configurable', async () => {
    const { client, server } = await setup([{ answer: 503, body: examples(503).service_unavailable!.value }], {
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ status: 503, attempts: 5 });
    expect(server.requests).toHaveLength(5);
  });
});

describe('the network', () => {
  it('connection reset every time: ImsNetworkError after 3 attempts', async () => {
    const { client, server } = await setup([{ reset: true }]);
    const { error, ms } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsNetworkError);
    expect((error as ImsNetworkError).attempts).toBe(3);
    expect((error as Error).message).toMatch(/could not reach 127\.0\.0\.1:\d+/);
    expect(server.requests).toHaveLength(3);
    expect(ms).toBeLessThan(3_000);
  });

  it('connection reset, then 200: retried to success', async () => {
    const { client, server } = await setup([{ reset: true }, ok]);
    expect(await client.acceptSharedImage(imageId, memberId)).toEqual(member);
    expect(server.requests).toHaveLength(2);
  });

  it('body cut off mid-transfer, then 200: retried to success', async () => {
    const { client, server } = await setup([{ truncate: '{"status":"acc' }, ok]);
    expect(await client.acceptSharedImage(imageId, memberId)).toEqual(member);
    expect(server.requests).toHaveLength(2);
  });

  it('nothing listening: ImsNetworkError', async () => {
    const { client } = await setup([ok]);
    const closed = createImsClient({ baseUrl: server!.url, token: TOKEN, retry: false });
    await server!.close();
    server = undefined;
    void client;
    const { error } = await outcome(closed.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsNetworkError);
    expect((error as ImsNetworkError).message).toMatch(/could not reach 127\.0\.0\.1:\d+: the connection was refused/);
    expect((error as ImsNetworkError).code).toBe('ECONNREFUSED');
  });

  it.concurrent('an answer that hangs past the attempt timeout: ImsTimeoutError(attempt)', async ({
    expect,
    onTestFinished,
  }) => {
    const { client, server } = await setup([{ hang: true }], { timeoutMs: 200, retry: false }, onTestFinished);
    const { error, ms } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsTimeoutError);
    expect(error).toMatchObject({ scope: 'attempt', timeoutMs: 200, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    // Node's timers count from the event loop's cached time, which lags when the loop was busy
    // just before the call: on a loaded machine a 200 ms timer can end 15 ms early by the wall clock.
    expect(ms).toBeGreaterThanOrEqual(150);
    expect(ms).toBeLessThan(2_000);
  });

  it.concurrent('hangs twice, then answers: the attempt timeouts are retried', async ({ expect, onTestFinished }) => {
    const { client, server } = await setup([{ hang: true }, { hang: true }, ok], { timeoutMs: 500 }, onTestFinished); // room for a loaded machine
    expect(await client.acceptSharedImage(imageId, memberId)).toEqual(member);
    expect(server.requests).toHaveLength(3);
  });

  it.concurrent('the overall deadline ends retries and waits: ImsTimeoutError(deadline)', async ({
    expect,
    onTestFinished,
  }) => {
    const { client } = await setup([{ hang: true }], { timeoutMs: 10_000, deadlineMs: 300 }, onTestFinished);
    const { error, ms } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsTimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', timeoutMs: 300, attempts: 1 });
    expect(ms).toBeLessThan(2_000);
  });

  it.concurrent('the caller aborts during a backoff wait: ImsAbortError at once', async ({
    expect,
    onTestFinished,
  }) => {
    const { client, server } = await setup(
      [{ answer: 503, body: examples(503).service_unavailable!.value, headers: { 'Retry-After': '20' } }, ok],
      {},
      onTestFinished,
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const { error, ms } = await outcome(client.acceptSharedImage(imageId, memberId, { signal: controller.signal }));
    expect(error).toBeInstanceOf(ImsAbortError);
    expect((error as ImsAbortError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(2_000);
  });

  it.concurrent('the caller aborts during a request: ImsAbortError, no retry', async ({ expect, onTestFinished }) => {
    const { client, server } = await setup([{ hang: true }, ok], {}, onTestFinished);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await outcome(client.rejectSharedImage(imageId, memberId, { signal: controller.signal }));
    expect(error).toBeInstanceOf(ImsAbortError);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(2_000);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { client, server } = await setup([ok]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(ImsAbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('error bodies in every shape', () => {
  it('a gateway-shaped 401: code, message, request ID', async () => {
    const body = examples(401).token_invalid!.value as { error_code: string; error_msg: string };
    const { client } = await setup([{ answer: 401, body, headers: { [requestIdHeaders[0]]: 'rid-401' } }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'APIG.0301',
      message: body.error_msg,
      requestId: 'rid-401',
      body,
      attempts: 1,
    });
  });

  it('a Glance-shaped 404: code, message without <br /> debris, OpenStack request ID', async () => {
    const body = examples(404).image_not_found!.value;
    const { client } = await setup([{ answer: 404, body, headers: { [requestIdHeaders[1]]: 'req-42' } }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    // Glance ends its message in `<br /><br />` and newlines; the client gives the words alone.
    const words = (body as { message: string }).message.replace(/(<br \/>|\s)+$/, '');
    expect(words).not.toMatch(/<br|\n/);
    expect(error).toMatchObject({
      status: 404,
      code: '404 Not Found',
      message: words,
      requestId: 'req-42',
      reason: 'image_not_found',
    });
  });

  it('an IMS-shaped 403', async () => {
    const { client } = await setup([{ answer: 403, body: examples(403).image_of_another_tenant!.value }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ status: 403, code: 'IMG.0106', message: 'The image is owned by another tenant.' });
  });

  it('an HTML error page: readable text, no markup', async () => {
    const html =
      '<html><head><title>404 Not Found</title><style>h1{color:red}</style></head><body><h1>404 Not Found</h1>The resource could not be found.<br /><br />\n\n\n</body></html>';
    const { client } = await setup([{ answer: 404, text: html, type: 'text/html; charset=UTF-8' }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsApiError);
    expect(error).toMatchObject({
      status: 404,
      code: undefined,
      message: '404 Not Found The resource could not be found.',
      body: html,
    });
  });

  it('a text/plain error', async () => {
    const text = '400 Bad Request\n\nInvalid status value: ACCEPTED<br /><br />\n\n\n';
    const { client } = await setup([{ answer: 400, text, type: 'text/plain' }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({
      status: 400,
      code: undefined,
      message: '400 Bad Request Invalid status value: ACCEPTED',
    });
  });

  it('an empty error body falls back to the status line', async () => {
    const { client } = await setup([{ answer: 403, text: '', type: 'text/plain' }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ status: 403, message: 'IMS answered 403 Forbidden' });
  });
});

describe('the vault_id rule', () => {
  const refusal: Step = { answer: 400, body: examples(400).vault_id_required!.value };

  it('an accept refused for want of a vault says so and points at the fix', async () => {
    const { client } = await setup([refusal]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsApiError);
    expect((error as ImsApiError).reason).toBe('vault_id_required');
    expect((error as Error).message).toMatch(/full-ECS image created by CBR/);
    expect((error as Error).message).toMatch(/acceptSharedImage\(imageId, memberId, \{ vaultId \}\)/);
  });

  it('other 400s carry their own reason, and the message as the service sent it', async () => {
    const body = examples(400).invalid_status!.value as { error: { message: string } };
    const { client } = await setup([{ answer: 400, body }]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ reason: 'invalid_status', message: body.error.message });
  });

  it('the accept with vaultId sends it', async () => {
    const { client, server } = await setup([ok]);
    await client.acceptSharedImage(imageId, memberId, { vaultId: 'vault-1' });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ status: 'accepted', vault_id: 'vault-1' });
  });
});

describe('answers that break the contract', () => {
  const validator = createContractValidator();

  it('a 200 missing fields, with validation on: ImsContractError naming path and rule', async () => {
    const { client, server } = await setup([{ answer: 200, body: { status: 'accepted', image_id: imageId } }], {
      validator,
    });
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsContractError);
    expect((error as ImsContractError).violations).toContainEqual(
      expect.objectContaining({ path: '$', rule: 'required', message: "$ must have required property 'created_at'" }),
    );
    expect((error as ImsContractError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('a 200 with a wrong enum value, with validation on', async () => {
    const { client } = await setup([{ answer: 200, body: { ...member, status: 'ACCEPTED' } }], { validator });
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect((error as ImsContractError).violations).toContainEqual(
      expect.objectContaining({ path: '$.status', rule: 'enum' }),
    );
  });

  it('unknown extra fields are tolerated, with validation on', async () => {
    const { client } = await setup([{ answer: 200, body: { ...member, member_type: 'organization', urn: 'urn:x' } }], {
      validator,
    });
    expect(await client.acceptSharedImage(imageId, memberId)).toMatchObject({ member_type: 'organization' });
  });

  it('an undeclared status, with validation on', async () => {
    const { client } = await setup([{ answer: 409, body: { error: { code: 'IMG.0001', message: 'conflict' } } }], {
      validator,
    });
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsContractError);
    expect((error as ImsContractError).violations[0]).toMatchObject({ path: '$', rule: 'status' });
  });

  it('a 200 whose JSON is cut short: ImsContractError, not retried', async () => {
    const { client, server } = await setup([{ answer: 200, text: '{"status":"accepted","created_at":"2016-09-0' }, ok]);
    const { error } = await outcome(client.acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsContractError);
    expect((error as ImsContractError).violations[0]).toMatchObject({ path: '$', rule: 'json' });
    expect(server.requests).toHaveLength(1);
  });

  it('without a validator, a 200 is trusted as is', async () => {
    const { client } = await setup([{ answer: 200, body: { status: 'accepted' } }]);
    expect(await client.acceptSharedImage(imageId, memberId)).toEqual({ status: 'accepted' });
  });
});

describe('authentication and endpoints', () => {
  it('a token goes in X-Auth-Token', async () => {
    const { client, server } = await setup([ok]);
    await client.acceptSharedImage(imageId, memberId);
    expect(server.requests[0]!.headers[authHeader.toLowerCase()]).toBe(TOKEN);
  });

  it('AK/SK credentials sign every attempt, retries included', async () => {
    const { client, server } = await setup([{ answer: 503, body: examples(503).service_unavailable!.value }, ok], {
      token: undefined,
      credentials: { ak: 'AK-PUBLIC', sk: SK, projectId: memberId },
    });
    await client.acceptSharedImage(imageId, memberId);
    expect(server.requests).toHaveLength(2);
    for (const { headers } of server.requests) {
      expect(headers.authorization).toMatch(
        /^SDK-HMAC-SHA256 Access=AK-PUBLIC, SignedHeaders=[a-z;-]*host[a-z;-]*x-sdk-date, Signature=[0-9a-f]{64}$/,
      );
      expect(headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
      expect(headers['x-project-id']).toBe(memberId);
      expect(headers[authHeader.toLowerCase()]).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(SK);
    }
  });

  it('a region resolves its endpoint, eu-west-101 included; baseUrl wins', async () => {
    const seen: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(new URL(request.url).origin);
      return Response.json(member);
    };
    await createImsClient({ region: 'cn-north-4', token: 't', fetch }).acceptSharedImage(imageId, memberId);
    await createImsClient({ region: 'eu-west-101', token: 't', fetch }).acceptSharedImage(imageId, memberId);
    await createImsClient({ region: 'cn-north-4', baseUrl: 'http://127.0.0.1:1', token: 't', fetch }).acceptSharedImage(
      imageId,
      memberId,
    );
    expect(seen).toEqual([
      'https://ims.cn-north-4.myhuaweicloud.com',
      'https://ims.eu-west-101.myhuaweicloud.eu',
      'http://127.0.0.1:1',
    ]);
    expect(regions).toContain('af-south-1');
    expect(regions).toHaveLength(26);
  });

  it('an unknown region is an error listing the valid ones', () => {
    expect(() => createImsClient({ region: 'mars-north-1' as never, token: 't' })).toThrow(ImsInputError);
    expect(() => createImsClient({ region: 'mars-north-1' as never, token: 't' })).toThrow(
      /region must be one of af-south-1, cn-north-4, .*eu-west-101.*; got "mars-north-1"/,
    );
  });

  it('bad options are named: no endpoint, a bad baseUrl, a bad timeout, token with credentials', () => {
    expect(() => createImsClient({ token: 't' })).toThrow(/baseUrl or region is required/);
    expect(() => createImsClient({ baseUrl: 'ims.example', token: 't' })).toThrow(
      /baseUrl must be an absolute http\(s\) URL/,
    );
    expect(() => createImsClient({ baseUrl: 'http://x', timeoutMs: -1 })).toThrow(
      /timeoutMs must be a positive number/,
    );
    expect(() => createImsClient({ baseUrl: 'http://x', retry: { attempts: 0 } })).toThrow(
      /retry\.attempts must be a whole number of at least 1/,
    );
    expect(() =>
      createImsClient({ baseUrl: 'http://x', token: TOKEN, credentials: { ak: 'a', sk: SK, projectId: 'p' } }),
    ).toThrow(/token cannot be combined with credentials/);
    expect(() => createImsClient({ baseUrl: 'http://x', credentials: { ak: 'a', sk: '', projectId: 'p' } })).toThrow(
      /credentials\.sk must be a non-empty string/,
    );
    expect(() => createImsClient({ baseUrl: 'http://x', credentials: { ak: 'a', sk: SK } as never })).toThrow(
      /credentials\.projectId must be a non-empty string/,
    );
  });
});

describe('secrets never leak', () => {
  /** Every way an error might be shown or logged. */
  const renderings = (error: unknown) => [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
  ];

  const cases: [string, Step[], Partial<ImsClientOptions>, (typeof ImsError)['prototype']['constructor']][] = [
    ['api', [{ answer: 401, body: examples(401).token_invalid!.value }], {}, ImsApiError],
    ['network', [{ reset: true }], { retry: false }, ImsNetworkError],
    ['timeout', [{ hang: true }], { timeoutMs: 100, retry: false }, ImsTimeoutError],
    ['contract', [{ answer: 200, body: {} }], { validator: createContractValidator() }, ImsContractError],
    ['abort', [{ hang: true }], {}, ImsAbortError],
  ];
  for (const auth of ['token', 'credentials'] as const) {
    for (const [kind, steps, options, type] of cases) {
      // Side by side: the timeout and abort cases only wait.
      it.concurrent(`${kind} error with ${auth}`, async ({ expect, onTestFinished }) => {
        const authOptions =
          auth === 'token' ? { token: TOKEN } : { token: undefined, credentials: { ak: 'AK', sk: SK, projectId: 'p' } };
        const { client } = await setup(steps, { ...options, ...authOptions }, onTestFinished);
        const signal = kind === 'abort' ? AbortSignal.timeout(100) : undefined;
        const { error } = await outcome(client.acceptSharedImage(imageId, memberId, { signal }));
        expect(error).toBeInstanceOf(type);
        expect((error as ImsError).kind).toBe(kind);
        for (const text of renderings(error)) {
          expect(text).not.toContain(TOKEN);
          expect(text).not.toContain(SK);
        }
      });
    }
  }

  it('input errors too', async () => {
    const client = createImsClient({ baseUrl: 'http://127.0.0.1:1', token: TOKEN });
    const { error } = await outcome(client.acceptSharedImage('..', memberId));
    expect(error).toBeInstanceOf(ImsInputError);
    for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
  });
});

describe('attempts a UI can watch', () => {
  it('onAttempt (client and call) reports each attempt with status, error kind and the wait; withDetails counts them', async () => {
    const events: AttemptEvent[] = [];
    const perCall: AttemptEvent[] = [];
    const { client } = await setup(
      [
        { answer: 503, body: examples(503).service_unavailable!.value, headers: { 'Retry-After': '0' } },
        { reset: true },
        ok,
      ],
      { onAttempt: (event) => events.push(event) },
    );
    const result = await client
      .acceptSharedImage(imageId, memberId, { onAttempt: (event) => perCall.push(event) })
      .withDetails();
    expect(result).toMatchObject({ data: member, status: 200, attempts: 3 });
    expect(events).toHaveLength(3);
    expect(events[0]).toEqual({
      operationId: 'updateImageMemberStatus',
      attempt: 1,
      status: 503,
      errorKind: 'api',
      retryInMs: 0,
    });
    expect(events[1]).toMatchObject({ attempt: 2, errorKind: 'network' });
    expect(events[1]!.status).toBeUndefined();
    expect(events[1]!.retryInMs).toBeGreaterThanOrEqual(0);
    expect(events[2]).toEqual({ operationId: 'updateImageMemberStatus', attempt: 3, status: 200 });
    expect(perCall).toEqual(events);
  });

  it('the last attempt of a failure has no wait; a throwing listener does not break the call', async () => {
    const events: AttemptEvent[] = [];
    const { client } = await setup([{ answer: 500, body: examples(500).internal_error!.value }], {
      onAttempt: (event) => {
        events.push(event);
        throw new Error('a bug in the UI');
      },
    });
    const { error } = await outcome(client.rejectSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsApiError);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect('retryInMs' in events[2]!).toBe(false);
  });

  it('the plain promise resolves to the Member alone, with one request', async () => {
    const { client, server } = await setup([ok]);
    const call = client.acceptSharedImage(imageId, memberId);
    expect(await call).toEqual(member);
    expect(await call.withDetails()).toMatchObject({ data: member, attempts: 1, status: 200 });
    expect(server.requests).toHaveLength(1);
  });
});
