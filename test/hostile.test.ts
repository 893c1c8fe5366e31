// The client and `npm run verify` against hostile servers, real sockets: redirects to other
// origins, floods, compression bombs, trickles, broken bodies, headers that cannot be sent.
// Every outcome is a typed error of the expected kind, in bounded time, with no token, secret
// key or signature in anything the error shows, and nothing sent where it should not go.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { expandPath, operationRules } from '../generated/contract.js';
import { verify } from '../scripts/verify/index.js';
import {
  createImsClient,
  type ImsClientOptions,
  ImsContractError,
  ImsInputError,
  ImsNetworkError,
  ImsRedirectError,
  ImsResponseTooLargeError,
  ImsTimeoutError,
} from '../src/index.js';
import {
  type Behaviour,
  byOperation,
  bytes,
  flood,
  type HostileServer,
  MiB,
  redirect,
  shortBody,
  startHostileServer,
  trickle,
} from './support/hostile-server.js';
import { imageId, memberId, responseExamples } from './support/spec.js';

const TOKEN = 'tok-SECRET-0123456789';
const SK = 'sk-SECRET-abcdefghijklmnop';
const member = responseExamples.find((r) => r.status === 200)!.examples.accepted!.value;
const memberPath = expandPath(operationRules.updateImageMemberStatus.path, { image_id: imageId, member_id: memberId });

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(behaviour: Behaviour) {
  const server = await startHostileServer(behaviour);
  servers.push(server);
  return server;
}

const auths: [string, Partial<ImsClientOptions>][] = [
  ['token', { token: TOKEN }],
  ['AK/SK', { credentials: { ak: 'HPUAHOSTILETEST00000', sk: SK, projectId: memberId } }],
];

/** Everything an error shows: none of it may hold a secret, nor the signature sent. */
function expectNoSecrets(error: unknown, server?: HostileServer) {
  const shown = [
    String(error),
    (error as Error).message,
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    (error as Error).stack,
  ].join('\n');
  expect(shown).not.toContain('SECRET');
  for (const request of server?.requests ?? []) {
    const signature = /Signature=([0-9a-f]+)/.exec(String(request.headers.authorization))?.[1];
    if (signature) expect(shown).not.toContain(signature);
  }
}

/** Runs a call; its error (there must be one) and how long it took. */
async function failure(call: Promise<unknown>) {
  const started = performance.now();
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeDefined();
  return { error, ms: performance.now() - started };
}

const client = (server: HostileServer, options: Partial<ImsClientOptions>) =>
  createImsClient({ baseUrl: server.url, retry: { baseDelayMs: 5, maxDelayMs: 10 }, ...options });

describe.each(auths)('the client, authenticated by %s', (_, auth) => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another origin: ImsRedirectError naming it, not retried, nothing reaches it`, async () => {
      const elsewhere = await serve(bytes(200, JSON.stringify(member)));
      const server = await serve(redirect(status, `${elsewhere.url}/steal?x=1`));
      const { error, ms } = await failure(client(server, auth).acceptSharedImage(imageId, memberId));
      expect(error).toBeInstanceOf(ImsRedirectError);
      expect(error).toMatchObject({ kind: 'redirect', status, targetOrigin: elsewhere.origin, attempts: 1 });
      expect((error as Error).message).toContain(elsewhere.origin);
      expect((error as Error).message).not.toContain('/steal');
      expect(server.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
      expect(ms).toBeLessThan(5_000);
      expectNoSecrets(error, server);
    });

    it(`${status} to the same origin: not followed either`, async () => {
      const server = await serve(redirect(status, '/v2/elsewhere'));
      const { error } = await failure(client(server, auth).rejectSharedImage(imageId, memberId));
      expect(error).toMatchObject({ kind: 'redirect', status, targetOrigin: server.origin });
      expect(server.requests.map((r) => r.url)).toEqual([memberPath]);
      expectNoSecrets(error, server);
    });
  }

  it('the raw openapi-fetch client does not follow a redirect either', async () => {
    const elsewhere = await serve(bytes(200, JSON.stringify(member)));
    const server = await serve(redirect(307, elsewhere.url));
    const { error } = await failure(
      client(server, auth).raw.PUT(operationRules.updateImageMemberStatus.path, {
        params: { path: { image_id: imageId, member_id: memberId } },
        body: { status: 'accepted' },
      }),
    );
    expect(error).toBeInstanceOf(ImsRedirectError);
    expect(elsewhere.requests).toHaveLength(0);
    expectNoSecrets(error, server);
  });

  const floods: [string, Behaviour, number][] = [
    ['a 300 MiB 200', flood(200, 300 * MiB), 200],
    ['a 300 MiB 400', flood(400, 300 * MiB), 400],
    ['a gzip bomb (200)', flood(200, 300 * MiB, 'gzip'), 200],
    ['a brotli bomb (400)', flood(400, 300 * MiB, 'br'), 400],
  ];
  for (const [label, behaviour, status] of floods) {
    it(`${label}: read up to the cap only, then ImsResponseTooLargeError`, async () => {
      const server = await serve(behaviour);
      const { error, ms } = await failure(
        client(server, { ...auth, maxResponseBytes: MiB }).acceptSharedImage(imageId, memberId),
      );
      expect(error).toBeInstanceOf(ImsResponseTooLargeError);
      expect(error).toMatchObject({ kind: 'too_large', status, maxResponseBytes: MiB, attempts: 1 });
      expect((error as Error).message).toMatch(/larger than maxResponseBytes \(1048576 bytes\)/);
      expect(ms).toBeLessThan(10_000);
      expectNoSecrets(error, server);
    });
  }

  it('an endless trickle: ImsTimeoutError at the attempt limit', async () => {
    const server = await serve(trickle(20));
    const { error, ms } = await failure(
      client(server, { ...auth, timeoutMs: 300, retry: false }).acceptSharedImage(imageId, memberId),
    );
    expect(error).toBeInstanceOf(ImsTimeoutError);
    expect(error).toMatchObject({ scope: 'attempt', timeoutMs: 300 });
    expect(ms).toBeLessThan(3_000);
    expectNoSecrets(error, server);
  });

  it('Content-Length larger than what arrives: ImsNetworkError in our words', async () => {
    const server = await serve(shortBody(JSON.stringify(member).slice(0, 40)));
    const { error } = await failure(client(server, { ...auth, retry: false }).acceptSharedImage(imageId, memberId));
    expect(error).toBeInstanceOf(ImsNetworkError);
    expect((error as Error).message).toMatch(/the connection was closed before the answer was complete/);
    expectNoSecrets(error, server);
  });

  it('an error body of invalid UTF-8: an ImsApiError, decoded with replacement characters', async () => {
    const server = await serve(
      bytes(400, Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), { 'Content-Type': 'text/plain' }),
    );
    const { error } = await failure(client(server, auth).acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ kind: 'api', status: 400 });
    expect((error as Error).message).toContain('\ufffd');
    expectNoSecrets(error, server);
  });

  it('a 200 of invalid UTF-8: an ImsContractError, not a crash', async () => {
    const server = await serve(bytes(200, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0xc3, 0x7d])));
    const { error } = await failure(client(server, auth).acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ kind: 'contract', status: 200 });
    expectNoSecrets(error, server);
  });

  it('a 500 KB HTML error page: the message is cut to a few hundred characters, the body kept whole', async () => {
    const page = `<html><body><h1>Bad gateway</h1><p>${'x'.repeat(500_000)}</p></body></html>`;
    const server = await serve(bytes(404, page, { 'Content-Type': 'text/html' }));
    const { error } = await failure(client(server, auth).acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ kind: 'api', status: 404 });
    expect((error as Error).message.length).toBeLessThan(400);
    expect((error as Error).message).toMatch(/^Bad gateway x+… \(\d+ more characters\)$/);
    expect((error as { body: string }).body).toBe(page);
  });

  it('a markup flood made to be slow to strip: answered in bounded time', async () => {
    const server = await serve(bytes(400, `<body>${'<'.repeat(1_000_000)}`, { 'Content-Type': 'text/html' }));
    const { error, ms } = await failure(client(server, auth).acceptSharedImage(imageId, memberId));
    expect(error).toMatchObject({ kind: 'api', status: 400 });
    expect(ms).toBeLessThan(2_000);
  });
});

describe.each(auths)('job servers: the client waiting for a job, authenticated by %s', (_, auth) => {
  const JOB = 'job0123456789abcdef';
  const submitted = bytes(200, JSON.stringify({ job_id: JOB }));
  const jobBody = (status: unknown) =>
    JSON.stringify({
      job_id: JOB,
      job_type: 'imsUpdateImageMembersJob',
      status,
      begin_time: '2026-11-29T10:00:00.000Z',
      end_time: null,
      error_code: null,
      fail_reason: null,
      entities: { process_percent: 0.5, results: [] },
    });
  const poll = (status: unknown) => bytes(200, jobBody(status));
  const wait = { firstPollMs: 5, maxPollMs: 20, waitTimeoutMs: 400 };
  const jobClient = (server: HostileServer, more: Partial<ImsClientOptions> = {}) =>
    client(server, { ...auth, projectId: memberId, ...more });

  /** The error of a batch accept against `server`: typed, in bounded time, carrying the job ID, nothing secret. */
  async function jobFailure(server: HostileServer, more: Partial<ImsClientOptions> = {}, withJob = true, waitMs = 400) {
    const { error, ms } = await failure(
      jobClient(server, more).acceptSharedImages([imageId], { ...wait, waitTimeoutMs: waitMs }),
    );
    expect(ms).toBeLessThan(waitMs + 5_000);
    if (withJob) expect(error).toMatchObject({ jobId: JOB });
    expectNoSecrets(error, server);
    return error as Error & Record<string, unknown>;
  }

  it('a job that never ends: the wait deadline wins', async () => {
    const server = await serve(
      byOperation({ batchUpdateImageMembers: [submitted], showJobProgress: [poll('RUNNING')] }),
    );
    const error = await jobFailure(server);
    expect(error).toBeInstanceOf(ImsTimeoutError);
    expect(error).toMatchObject({ scope: 'wait', timeoutMs: 400 });
    expect(server.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(2);
  });

  it('SUCCESS, then RUNNING: ImsContractError, rule order', async () => {
    for (const routes of [
      { showJobProgress: [poll('RUNNING'), poll('SUCCESS')], showJob: [poll('RUNNING')] },
      { showJobProgress: [poll('RUNNING'), poll('INIT')] },
    ]) {
      const server = await serve(byOperation({ batchUpdateImageMembers: [submitted], ...routes }));
      const error = await jobFailure(server);
      expect(error).toBeInstanceOf(ImsContractError);
      expect((error as unknown as ImsContractError).violations[0]).toMatchObject({ path: '$.status', rule: 'order' });
    }
  });

  it('an unknown status value: ImsContractError on $.status, rule enum', async () => {
    for (const status of ['DONE', 'success', 42, null]) {
      const server = await serve(
        byOperation({ batchUpdateImageMembers: [submitted], showJobProgress: [poll(status)] }),
      );
      const error = await jobFailure(server);
      expect(error).toBeInstanceOf(ImsContractError);
      expect((error as unknown as ImsContractError).violations[0]).toMatchObject({ path: '$.status', rule: 'enum' });
    }
  });

  it('a 200 whose job_id is empty, not a string or missing: ImsContractError, no poll', async () => {
    for (const [body, rule] of [
      [{ job_id: '' }, 'minLength'],
      [{ job_id: 42 }, 'type'],
      [{ job_id: null }, 'type'],
      [{}, 'type'],
      [{ job_id: '../x' }, 'pattern'],
    ] as const) {
      const server = await serve(byOperation({ batchUpdateImageMembers: [bytes(200, JSON.stringify(body))] }));
      const error = await jobFailure(server, {}, false);
      expect(error).toBeInstanceOf(ImsContractError);
      expect((error as unknown as ImsContractError).violations[0]).toMatchObject({ path: '$.job_id', rule });
      expect(server.requests).toHaveLength(1);
    }
  });

  it('a redirect on a poll: ImsRedirectError, nothing reaches the target', async () => {
    const elsewhere = await serve(poll('SUCCESS'));
    const server = await serve(
      byOperation({ batchUpdateImageMembers: [submitted], showJobProgress: [redirect(307, `${elsewhere.url}/steal`)] }),
    );
    const error = await jobFailure(server);
    expect(error).toBeInstanceOf(ImsRedirectError);
    expect(error).toMatchObject({ targetOrigin: elsewhere.origin });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a 300 MiB answer on a poll: ImsResponseTooLargeError', async () => {
    const server = await serve(
      byOperation({ batchUpdateImageMembers: [submitted], showJobProgress: [flood(200, 300 * MiB, 'gzip')] }),
    );
    // Inflating a megabyte of bomb takes longer than the other cases' short wait on a loaded machine.
    const error = await jobFailure(server, { maxResponseBytes: MiB }, true, 10_000);
    expect(error).toBeInstanceOf(ImsResponseTooLargeError);
    expect(error).toMatchObject({ maxResponseBytes: MiB });
  });

  it('a poll that hangs: each attempt ends at its limit, the wait at its deadline', async () => {
    const server = await serve(byOperation({ batchUpdateImageMembers: [submitted], showJobProgress: [() => {}] }));
    const error = await jobFailure(server, { timeoutMs: 150 });
    expect(error).toBeInstanceOf(ImsTimeoutError);
    expect(error).toMatchObject({ scope: 'wait' });
  });
});

describe('the client, with a JSON 200 holding a __proto__ key', () => {
  it('returns the member as data: no prototype is touched', async () => {
    const body = `{"__proto__":{"polluted":true,"status":"hijacked"},${JSON.stringify(member).slice(1)}`;
    const server = await serve(bytes(200, body));
    const result = await client(server, { token: TOKEN }).acceptSharedImage(imageId, memberId);
    expect(result).toMatchObject(member as object);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.status).toBe('accepted');
  });
});

describe('headers are checked before anything is sent', () => {
  const bad: [string, Partial<ImsClientOptions>, string, RegExp][] = [
    ['a token with CR LF', { token: `${TOKEN}\r\nX-Injected: 1` }, 'token', /must not contain a line break/],
    ['a token with LF', { token: `${TOKEN}\nx` }, 'token', /must not contain a line break/],
    ['a token with NUL', { token: `${TOKEN}\u0000` }, 'token', /must not contain a NUL/],
    ['a token outside Latin-1', { token: `${TOKEN}令牌` }, 'token', /only Latin-1 characters/],
    [
      'a header value with CR LF',
      { token: 't', headers: { 'X-Trace': `${TOKEN}\r\n` } },
      'headers["X-Trace"]',
      /line break/,
    ],
    ['a header value with NUL', { token: 't', headers: { 'X-Trace': `${TOKEN}\u0000` } }, 'headers["X-Trace"]', /NUL/],
    [
      'a header name with a space',
      { token: 't', headers: { 'X Trace': 'v' } },
      'headers["X Trace"]',
      /not a valid header name/,
    ],
    [
      'an AK with LF',
      { credentials: { ak: `AK${TOKEN}\n`, sk: SK, projectId: memberId } },
      'credentials.ak',
      /line break/,
    ],
    [
      'a project ID with NUL',
      { credentials: { ak: 'AK', sk: SK, projectId: `p${TOKEN}\u0000` } },
      'credentials.projectId',
      /NUL/,
    ],
  ];
  for (const [label, options, field, rule] of bad) {
    it(`${label}: ImsInputError naming ${field}, never quoting the value`, async () => {
      const server = await serve(bytes(200, JSON.stringify(member)));
      const error = (() => {
        try {
          createImsClient({ baseUrl: server.url, ...options });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ImsInputError);
      expect(error).toMatchObject({ field });
      expect((error as Error).message).toMatch(rule);
      expect(server.requests).toHaveLength(0);
      expectNoSecrets(error);
    });
  }
});

describe('memory: RSS growth stays bounded (measured in a child process)', () => {
  it('300 MiB answers and compression bombs grow RSS by less than 64 MiB each', async () => {
    const behaviours = [
      flood(200, 300 * MiB),
      flood(400, 300 * MiB),
      flood(200, 300 * MiB, 'gzip'),
      flood(400, 300 * MiB, 'br'),
    ];
    const urls = (await Promise.all(behaviours.map(serve))).map((s) => s.url);
    const root = join(import.meta.dirname, '..');
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', join(root, 'test/support/memory-probe.ts'), ...urls],
        { cwd: root, timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const results = JSON.parse(output) as { kind: string; rssGrowthMiB: number }[];
    expect(results.map((r) => r.kind)).toEqual(['too_large', 'too_large', 'too_large', 'too_large']);
    for (const r of results) expect(r.rssGrowthMiB).toBeLessThan(64);
    console.log(`hostile: RSS growth per flood (MiB): ${results.map((r) => r.rssGrowthMiB.toFixed(1)).join(', ')}`);
  });
});

describe.each(auths)('npm run verify, authenticated by %s', (_, auth) => {
  const args = (url: string, timeoutMs: number, concurrency: number) => [
    '--base-url',
    url,
    ...(auth.token
      ? ['--token', TOKEN]
      : ['--ak', auth.credentials!.ak, '--sk', SK, '--project-id', auth.credentials!.projectId]),
    '--image-id',
    imageId,
    '--member-id',
    memberId,
    '--timeout-ms',
    String(timeoutMs),
    // Every row meets the same misbehaviour: sent 16 at a time, a trickle costs each row its
    // whole time limit once per 16 rows, not once per row (the rows' order and judging are the
    // same; verify.test.ts holds --concurrency to the one-at-a-time run). A flood is read by
    // this thread, so fewer at a time there: each row's read stays well inside its time limit.
    '--concurrency',
    String(concurrency),
    '--json',
  ];
  async function run(server: HostileServer, timeoutMs = 2000, concurrency = 16) {
    let out = '';
    let err = '';
    const code = await verify(args(server.url, timeoutMs, concurrency), {
      env: {},
      out: (t) => (out += t),
      err: (t) => (err += t),
    });
    expect(out + err).not.toContain('SECRET');
    const { results } = JSON.parse(out) as {
      results: { got: unknown; violations: { rule: string; message: string }[] }[];
    };
    return { code, results };
  }

  it('a redirect to another origin: reported on every row, never followed', async () => {
    const elsewhere = await serve(bytes(200, JSON.stringify(member)));
    const server = await serve(redirect(307, `${elsewhere.url}/steal`));
    const { code, results } = await run(server);
    expect(code).toBe(1);
    for (const r of results) expect(r.violations[0]).toMatchObject({ rule: 'redirect' });
    expect(results[0]!.violations[0]!.message).toContain(elsewhere.origin);
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(results.length);
  });

  it('a 300 MiB answer and a gzip bomb: reported as too large, not read', async () => {
    for (const behaviour of [flood(400, 300 * MiB), flood(400, 300 * MiB, 'gzip')]) {
      const { code, results } = await run(await serve(behaviour), 2000, 4);
      expect(code).toBe(1);
      for (const r of results) expect(r.violations[0]).toMatchObject({ rule: 'size' });
    }
  });

  it('an endless trickle and a body cut short: no answer, in bounded time', async () => {
    const started = performance.now();
    const trickled = await run(await serve(trickle(50)), 150);
    for (const r of trickled.results) expect(r.got).toBe('no answer within 150 ms');
    const cut = await run(await serve(shortBody('{"status":')));
    expect(cut.results[0]!.got).toBe('no answer: the connection was closed before the answer was complete');
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
