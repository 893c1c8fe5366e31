// AK/SK over HTTP, as Huawei's SDKs send it: Huawei's own HTTP client (the SDK core's
// ClientBuilder with BasicCredentials, a region and no project ID, so it asks IAM first) and its
// signer, against `npm start` (the real command, the sandbox behind real Prism), the MSW handlers
// and the static Prism mock; this project's client with `credentials` against the same three.
// Prism reports no violation for a signed request, and no refusal and no log line of `npm start`
// carries a secret key or a signature.
import { createRequire } from 'node:module';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OperationId, reasonOf } from '../generated/contract.js';
import { forwardedHeaders as frontHeaders } from '../scripts/front.js';
import { freePort } from '../scripts/prism.js';
import { explainedMessage } from '../src/client/signing-advice.js';
import { createImsClient, ImsApiError } from '../src/index.js';
import { createImsHandlers } from '../src/msw.js';
import { akskReasons, forwardedHeaders, SIGNATURE_WINDOW_MS } from '../src/sandbox/aksk.js';
import { IAM_PROJECTS_PATH } from '../src/sandbox/iam.js';
import { createSandbox, defaultWorld, type Scenario } from '../src/sandbox/index.js';
import { type SdkKey, sdkSign } from './support/huawei-signer.js';
import { running, type SpawnedServer, spawnServer } from './support/servers.js';

const require = createRequire(import.meta.url);
const { BasicCredentials, Region } = require('@huaweicloud/huaweicloud-sdk-core') as {
  BasicCredentials: new () => {
    withAk(ak: string): InstanceType<typeof BasicCredentials>;
    withSk(sk: string): InstanceType<typeof BasicCredentials>;
    withProjectId(id: string): InstanceType<typeof BasicCredentials>;
    withIamEndpoint(url: string): InstanceType<typeof BasicCredentials>;
  };
  Region: new (id: string, endpoints: string[]) => object;
};
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as {
  ClientBuilder: new (
    init: (client: HcClient) => HcClient,
  ) => {
    withCredential(c: object): { withRegion(r: object): { build(): HcClient } };
  };
};
interface HcClient {
  sendRequest(options: {
    method: string;
    url: string;
    contentType: string;
    queryParams: Record<string, string>;
    pathParams: Record<string, string>;
    headers: Record<string, string>;
    data: unknown;
  }): Promise<{ httpStatusCode: number } & Record<string, unknown>>;
}

const key = defaultWorld.projects.member!.access_keys![0]!;
const member: SdkKey = { ak: key.ak, sk: key.sk };
const memberId = defaultWorld.projects.member!.id;
const jobId = defaultWorld.jobs![0]!.id;
const operationOf = (s: Scenario): OperationId => s.operation ?? 'updateImageMemberStatus';

// Each operation's scenarios that succeed with the member's credentials (below 400: version
// discovery answers 300): the requests to sign. One per operation (the first of each), played in
// the spec's order on a fresh sandbox, so each finds the world it expects.
const accepted = [
  ...new Map(
    createSandbox()
      .scenarios.filter((s) => s.status < 400)
      .map((s) => [operationOf(s), s] as const)
      .reverse(),
  ).values(),
].reverse();
const tokenless = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !/auth-token/i.test(name)));

/** The key of the project whose token the scenario sends (the member's when it sends another). */
function keyFor(s: Scenario): SdkKey {
  const token = Object.entries(s.request.headers).find(([name]) => /auth-token/i.test(name))?.[1] ?? '';
  const project =
    Object.values(defaultWorld.projects).find((p) => p.tokens?.includes(token)) ?? defaultWorld.projects.member!;
  const k = project.access_keys![0]!;
  return { ak: k.ak, sk: k.sk };
}

/** Huawei's own client for `endpoint`: AK/SK and a region, no project (it asks IAM at `endpoint`). */
function huaweiClient(endpoint: string, sk = member.sk, ak = member.ak): HcClient {
  const credentials = new BasicCredentials().withAk(ak).withSk(sk).withIamEndpoint(endpoint);
  return new ClientBuilder((client) => client)
    .withCredential(credentials)
    .withRegion(new Region('cn-north-4', [endpoint]))
    .build();
}

/** One scenario through Huawei's client: its status, or the SDK's error status. */
async function sendWithHuawei(client: HcClient, s: Scenario) {
  try {
    // As the SDK's own request builders do: the path alone, the query as parameters it signs.
    const [path, query = ''] = s.request.path.split('?');
    const answer = await client.sendRequest({
      method: s.request.method,
      url: path!,
      contentType: 'application/json',
      queryParams: Object.fromEntries(new URLSearchParams(query)),
      pathParams: {},
      headers: {},
      data: s.request.body === undefined ? {} : JSON.parse(s.request.body),
    });
    return answer.httpStatusCode;
  } catch (error) {
    return (error as { httpStatusCode?: number }).httpStatusCode;
  }
}

/** A signed request through fetch: Huawei's signer, the host from the URL, as sent. */
async function sendSigned(base: string, s: Scenario, signer: SdkKey = keyFor(s), now = new Date()) {
  const url = `${base}${s.request.path}`;
  const headers = sdkSign(
    { method: s.request.method, url, headers: tokenless(s.request.headers), body: s.request.body },
    signer,
    now,
  );
  delete headers.host; // fetch sends the URL's host itself
  return fetch(url, { method: s.request.method, headers, body: s.request.body, signal: AbortSignal.timeout(10_000) });
}

describe('npm start (the sandbox behind Prism’s proxy)', () => {
  // Its own instance, the real command: these calls change the world (a share, a revoke), which
  // the global setup's sandbox, shared with other files, must not see. One process serves every
  // case here and then has its whole output searched for secrets (the last case), so the log
  // check covers all this traffic, not only its own requests.
  let url: string;
  let server: SpawnedServer;
  beforeAll(async () => {
    server = spawnServer('start', await freePort());
    await server.ready;
    url = server.url;
  });
  afterAll(() => server?.stop());

  it('Huawei’s client, given only AK/SK and a region, finds its project through IAM and calls every operation', async () => {
    const operations = new Set<OperationId>();
    for (const s of accepted) {
      const client = huaweiClient(url, keyFor(s).sk, keyFor(s).ak);
      expect(await sendWithHuawei(client, s), `${operationOf(s)} ${s.name}`).toBe(s.status);
      operations.add(operationOf(s));
    }
    expect(operations.size).toBe(new Set(createSandbox().scenarios.map(operationOf)).size);
  });

  it('signed by Huawei’s signer: every operation answers as with a token, and Prism reports no violation', async () => {
    await fetch(`${url}/__sandbox/reset`, { method: 'POST' });
    for (const s of accepted) {
      const response = await sendSigned(url, s);
      expect(response.status, `${operationOf(s)} ${s.name}`).toBe(s.status);
      expect(response.headers.get('sl-violations'), s.name).toBeNull();
      await response.body?.cancel();
    }
  });

  it('a wrong SK, an unknown AK and a skewed clock: each its own 401 and reason, within the contract', async () => {
    const s = accepted.find((x) => operationOf(x) === 'updateImageMemberStatus')!;
    const late = new Date(Date.now() - SIGNATURE_WINDOW_MS - 60_000);
    for (const [reason, response] of [
      ['signature_mismatch', await sendSigned(url, s, { ...member, sk: 'not-the-secret' })],
      ['access_key_unknown', await sendSigned(url, s, { ak: 'HPUANOSUCHKEY0000000', sk: member.sk })],
      ['signature_expired', await sendSigned(url, s, member, late)],
    ] as const) {
      expect(response.status, reason).toBe(401);
      expect(response.headers.get('sl-violations'), reason).toBeNull();
      expect(reasonOf('updateImageMemberStatus', 401, await response.json())).toBe(reason);
    }
  });

  it('the front alone says the Host and the GET body’s hash: a client’s own copies are dropped', async () => {
    expect({ ...frontHeaders }).toEqual(forwardedHeaders);
    const s = accepted.find((x) => x.request.method === 'GET')!;
    const target = `${url}${s.request.path}`;
    const headers = sdkSign({ method: 'GET', url: target, headers: {} }, member, new Date());
    delete headers.host;
    const spoofed = await fetch(target, {
      headers: { ...headers, [forwardedHeaders.host]: 'elsewhere.test', [forwardedHeaders.bodySha256]: '0'.repeat(64) },
    });
    expect(spoofed.status).toBe(200);
    await spoofed.body?.cancel();
  });

  it('hostile Authorization headers: a worded 401 through Prism, never a 500; over 16 KiB the front’s 431', async () => {
    const s = accepted.find((x) => operationOf(x) === 'updateImageMemberStatus')!;
    const target = `${url}${s.request.path}`;
    const headers = sdkSign(
      { method: 'PUT', url: target, headers: tokenless(s.request.headers), body: s.request.body },
      member,
      new Date(),
    );
    delete headers.host;
    const auth = headers.Authorization!;
    const signature = /Signature=([0-9a-f]{64})/.exec(auth)![1]!;
    for (const value of [
      auth.replace(/Access=[^,]+, /, ''),
      auth.replace('SignedHeaders=', `SignedHeaders=${Array.from({ length: 300 }, (_, i) => `h${i}`).join(';')};`),
      auth.replace('SignedHeaders=', 'SignedHeaders=host;'),
      auth.replace(signature, 'g'.repeat(64)),
      `SDK-HMAC-SHA256 Access=${'a'.repeat(8 * 1024)}`,
    ]) {
      const response = await fetch(target, {
        method: 'PUT',
        headers: { ...headers, Authorization: value },
        body: s.request.body,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('sl-violations')).toBeNull();
      const body = await response.json();
      expect(reasonOf('updateImageMemberStatus', 401, body)).toBe('authorization_malformed');
      expect(JSON.stringify(body)).not.toContain(signature);
    }
    const huge = await fetch(target, {
      method: 'PUT',
      headers: { ...headers, Authorization: `SDK-HMAC-SHA256 Access=${'a'.repeat(64 * 1024)}` },
      body: s.request.body,
    });
    expect(huge.status).toBe(431);
    expect(JSON.stringify(await huge.json())).toContain('larger than');
  });

  it('IAM’s project lookup is served by the front (it is not an IMS call, so Prism never sees it)', async () => {
    const lookup = `${url}${IAM_PROJECTS_PATH}?name=cn-north-4`;
    const headers = sdkSign({ method: 'GET', url: lookup }, member, new Date());
    delete headers.host;
    const response = await fetch(lookup, { headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ projects: [{ id: memberId, name: 'cn-north-4' }] });
  });

  it('this project’s client with credentials: answers, and a wrong SK’s error carries its reason', async () => {
    const ims = createImsClient({ baseUrl: url, credentials: { ak: member.ak, sk: member.sk, projectId: memberId } });
    await expect(ims.showJobProgress(jobId)).resolves.toBeDefined();
    const wrong = createImsClient({ baseUrl: url, credentials: { ak: member.ak, sk: 'wrong', projectId: memberId } });
    const error = await wrong.showJobProgress(jobId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImsApiError);
    expect((error as ImsApiError).reason).toBe('signature_mismatch');
    expect(JSON.stringify(error)).not.toContain(member.sk);
  });

  describe('nothing secret in a log line of npm start', () => {
    it('refusals and acceptances leave no SK, no signature and no security token in its output', async () => {
      const s = accepted.find((x) => operationOf(x) === 'updateImageMemberStatus')!;
      const temporary = defaultWorld.projects.member!.access_keys![1]!;
      const sent: string[] = [];
      for (const signer of [
        member,
        { ...member, sk: 'a-wrong-secret-key' },
        { ak: temporary.ak, sk: temporary.sk, securityToken: temporary.security_token! },
        { ...member, sk: 'x', projectId: defaultWorld.projects.owner!.id },
      ]) {
        const url = `${server.url}${s.request.path}`;
        const headers = sdkSign(
          { method: 'PUT', url, headers: tokenless(s.request.headers), body: s.request.body },
          signer,
          new Date(),
        );
        delete headers.host;
        sent.push(/Signature=([0-9a-f]{64})/.exec(headers.Authorization!)![1]!);
        const response = await fetch(url, { method: 'PUT', headers, body: s.request.body });
        await response.body?.cancel();
      }
      // A malformed header too, with a secret-looking value in it.
      await (
        await fetch(`${server.url}${s.request.path}`, {
          method: 'PUT',
          headers: { Authorization: `SDK-HMAC-SHA256 Access=${member.ak}, Signature=${member.sk}` },
          body: s.request.body,
        })
      ).body?.cancel();
      const { stdout, stderr } = server.output();
      const output = stdout + stderr;
      for (const secret of [member.sk, 'a-wrong-secret-key', temporary.sk, temporary.security_token!, ...sent])
        expect(output).not.toContain(secret);
    });
  });
});

describe('this project’s client: a refused signature says in words what to check', () => {
  const credentials = { ak: member.ak, sk: member.sk, projectId: memberId };
  const refusal = async (sandbox: ReturnType<typeof createSandbox>, c: typeof credentials) => {
    const ims = createImsClient({ baseUrl: 'http://sandbox.test', credentials: c, fetch: sandbox.fetch });
    const error = (await ims.showJobProgress(jobId).catch((e: unknown) => e)) as ImsApiError;
    expect(error).toBeInstanceOf(ImsApiError);
    return error;
  };
  it('every AK/SK reason of the spec has words of its own', () => {
    for (const reason of akskReasons)
      expect(explainedMessage(reason, 'gateway words'), reason).toMatch(
        /^\S.+: check .+\(The gateway said: gateway words\)$/,
      );
    expect(explainedMessage('token_invalid', 'gateway words')).toBe('gateway words');
  });
  it('the secret, the key, the clock: each its reason and its words, the gateway’s message after them', async () => {
    const wrongSk = await refusal(createSandbox(), { ...credentials, sk: 'not-the-secret' });
    expect(wrongSk.reason).toBe('signature_mismatch');
    expect(wrongSk.message).toMatch(/^The AK\/SK signature does not match: check that the secret key \(SK\)/);
    expect(wrongSk.message).toContain('(The gateway said: Incorrect IAM authentication information: verify aksk');
    const unknown = await refusal(createSandbox(), { ...credentials, ak: 'HPUANOSUCHKEY0000000' });
    expect(unknown.reason).toBe('access_key_unknown');
    expect(unknown.message).toMatch(/^The access key \(AK\) is unknown: check the AK/);
    const ahead = new Date(Date.now() + SIGNATURE_WINDOW_MS + 5 * 60_000);
    const skewed = await refusal(createSandbox({ now: () => ahead }), credentials);
    expect(skewed.reason).toBe('signature_expired');
    expect(skewed.message).toContain("check this machine's clock");
    const elsewhere = await refusal(createSandbox(), { ...credentials, projectId: defaultWorld.projects.owner!.id });
    expect(elsewhere.reason).toBe('project_not_allowed');
    expect(elsewhere.message).toContain('check credentials.projectId');
    for (const error of [wrongSk, unknown, skewed, elsewhere]) expect(JSON.stringify(error)).not.toContain(member.sk);
  });
});

describe('this project’s client with a temporary key', () => {
  it('sends its security token, signed: accepted; without it: security_token_invalid', async () => {
    const temporary = defaultWorld.projects.member!.access_keys![1]!;
    const sandbox = createSandbox();
    const base = { ak: temporary.ak, sk: temporary.sk, projectId: memberId };
    const ims = createImsClient({
      baseUrl: 'http://sandbox.test',
      credentials: { ...base, securityToken: temporary.security_token! },
      fetch: sandbox.fetch,
    });
    await expect(ims.showJobProgress(jobId)).resolves.toBeDefined();
    const without = createImsClient({ baseUrl: 'http://sandbox.test', credentials: base, fetch: sandbox.fetch });
    const error = await without.showJobProgress(jobId).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'security_token_invalid' });
    expect(JSON.stringify(error)).not.toContain(temporary.security_token!);
  });
});

describe('MSW handlers with a sandbox', () => {
  const origin = 'https://ims.cn-north-4.aksk.msw.test';
  const server = setupServer(...createImsHandlers({ baseUrl: origin, sandbox: createSandbox() }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('Huawei’s client (IAM lookup included) calls every operation', async () => {
    for (const s of accepted)
      expect(
        await sendWithHuawei(huaweiClient(origin, keyFor(s).sk, keyFor(s).ak), s),
        `${operationOf(s)} ${s.name}`,
      ).toBe(s.status);
    expect(await sendWithHuawei(huaweiClient(origin, 'wrong'), accepted[0]!)).toBe(401);
  });

  it('this project’s client with credentials', async () => {
    const ims = createImsClient({
      baseUrl: origin,
      credentials: { ak: member.ak, sk: member.sk, projectId: memberId },
    });
    await expect(ims.showJobProgress(jobId)).resolves.toBeDefined();
    const wrong = createImsClient({
      baseUrl: origin,
      credentials: { ak: 'HPUANOSUCHKEY0000000', sk: 'x', projectId: memberId },
    });
    await expect(wrong.showJobProgress(jobId)).rejects.toMatchObject({ reason: 'access_key_unknown' });
  });
});

describe('npm run mock (the static Prism mock): a signed request is accepted as a token is', () => {
  let url: string;
  beforeAll(async () => {
    url = await running('prismUrl');
  });

  it('every operation, signed by Huawei’s signer: its success; with no credential at all: 401', async () => {
    for (const s of accepted) {
      const response = await sendSigned(url, s);
      expect(response.status, `${operationOf(s)} ${s.name}`).toBe(s.status);
      await response.body?.cancel();
    }
    const s = accepted[0]!;
    const none = await fetch(`${url}${s.request.path}`, {
      method: s.request.method,
      headers: tokenless(s.request.headers),
      body: s.request.body,
    });
    expect(none.status).toBe(401);
  });

  it('this project’s client with credentials', async () => {
    const ims = createImsClient({ baseUrl: url, credentials: { ak: member.ak, sk: member.sk, projectId: memberId } });
    await expect(ims.showJobProgress(jobId)).resolves.toBeDefined();
  });
});
