// AK/SK identity in the sandbox, in-process (no port): Huawei's own signer (the SDK core, a dev
// dependency used as the oracle) signs every scenario of the default world, and the sandbox
// answers each as it answers the same request sent with a token; the canonical request the
// sandbox echoes on a wrong signature is the SDK's, byte for byte; each fault the gateway refuses
// gets its own 401 and reason; hostile Authorization headers get a worded 401, never a 500; and
// no answer carries a secret key or a full signature. The clock is injected: nothing sleeps.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authHeader, errorExamples, type OperationId, operationRules, reasonOf } from '../generated/contract.js';
import { akskReasons, parseSdkDate, SIGNATURE_WINDOW_MS } from '../src/sandbox/aksk.js';
import { IAM_PROJECTS_PATH } from '../src/sandbox/iam.js';
import { checkWorld, createSandbox, defaultWorld, type SandboxRequest, type World } from '../src/sandbox/index.js';
import { hmacSha256Hex, sha256Hex } from '../src/sandbox/sha256.js';
import { sdkDate, signingHeaders, signParts } from '../src/signer.js';
import { type Ref, resolveRef, spec } from '../src/spec.js';
import { AKSKSigner, type SdkKey, sdkSign } from './support/huawei-signer.js';

const at = new Date('2026-12-03T07:33:44.000Z');
const origin = 'https://ims.cn-north-4.myhuaweicloud.com';
const projects = defaultWorld.projects;
const keyOf = (project: string, i = 0): SdkKey => {
  const key = projects[project]!.access_keys![i]!;
  return { ak: key.ak, sk: key.sk, ...(key.security_token ? { securityToken: key.security_token } : {}) };
};
const member = keyOf('member');
const memberId = projects.member!.id;
const ownerId = projects.owner!.id;
// Version discovery takes no credential at all (`security: []`): nothing to sign, nothing to refuse.
const operations = (Object.keys(operationRules) as OperationId[]).filter(
  (id) => id !== 'listVersions' && id !== 'listVersionsDocument',
);

/** The sandbox's request for a signed one: headers as sent, host among them (the SDK signs it). */
function signed(
  request: { method: string; target: string; headers?: Record<string, string>; body?: string | undefined },
  key: SdkKey,
  now = at,
): SandboxRequest {
  const headers = sdkSign(
    { method: request.method, url: `${origin}${request.target}`, headers: request.headers ?? {}, body: request.body },
    key,
    now,
  );
  return { method: request.method, path: request.target, headers, body: request.body };
}

const withoutToken = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name !== authHeader));

/** The reason a 401 answer of an operation names, as a client reads it. */
const reasonOf401 = (operation: OperationId, body: unknown) => reasonOf(operation, 401, body);

afterEach(() => vi.restoreAllMocks());

describe('the sandbox hashes as node:crypto does', () => {
  it('SHA-256 and HMAC-SHA256 of random inputs, every length across the padding boundaries', () => {
    for (let n = 0; n < 200; n++) {
      const data = randomBytes(n);
      expect(sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
      const secret = randomBytes(n % 150).toString('hex');
      const message = `message ${n} é中😀`;
      expect(hmacSha256Hex(secret, message)).toBe(createHmac('sha256', secret).update(message).digest('hex'));
    }
  });
});

describe('Huawei’s signer against the sandbox, in-process', () => {
  // Every scenario of the default world, sent once with its token and once signed by the key of
  // the token's project: the same status and the same reason. Derived from the world and the
  // spec, so an operation added with scenario rows is covered without a line here.
  const tokenProject = (token: string | undefined) =>
    Object.entries(projects).find(([, p]) => p.tokens?.includes(token ?? ''))?.[0] ??
    (token ? defaultWorld.any_token : undefined);
  // Version discovery takes no credential: its rows are not signed calls.
  const scenarios = createSandbox().scenarios.filter(
    (s) =>
      s.status !== 401 &&
      (operations as OperationId[]).includes(s.operation ?? 'updateImageMemberStatus') &&
      !(s.trigger && (s.request.headers[authHeader] ?? '') !== projects.member!.tokens![0]),
  );

  it('covers every operation of the spec', () => {
    const covered = new Set(scenarios.map((s) => s.operation ?? 'updateImageMemberStatus'));
    expect([...covered].sort()).toEqual([...operations].sort());
  });

  for (const scenario of scenarios)
    it(`${scenario.operation ?? 'updateImageMemberStatus'} · ${scenario.name}: signed as with a token`, async () => {
      const operation = scenario.operation ?? 'updateImageMemberStatus';
      const project = tokenProject(scenario.request.headers[authHeader])!;
      const withToken = createSandbox({ now: () => at }).handle(scenario.request);
      const request = {
        method: scenario.request.method,
        target: scenario.request.path,
        headers: withoutToken(scenario.request.headers),
        body: scenario.request.body,
      };
      // Huawei's Node signer escapes the path as sent, so an ID that needed percent-encoding is
      // escaped twice (`%2F` signed as `%252F`); its Python and Go signers decode each segment
      // first, as this project's signer does and the sandbox does (docs/sources.md). Those
      // paths are signed with this project's signer.
      const key = keyOf(project);
      const bySignature = createSandbox({ now: () => at }).handle(
        request.target.includes('%')
          ? {
              method: request.method,
              path: request.target,
              body: request.body,
              host: new URL(origin).host,
              headers: await signParts(
                {
                  method: request.method,
                  url: `${origin}${request.target}`,
                  headers: request.headers,
                  body: request.body ?? null,
                },
                { ak: key.ak, sk: key.sk, projectId: projects[project]!.id },
                at,
              ),
            }
          : signed(request, key),
      );
      expect(bySignature.status).toBe(withToken.status);
      expect(bySignature.status).toBe(scenario.status);
      if (withToken.status >= 400)
        expect(reasonOf(operation, bySignature.status, bySignature.body)).toBe(
          reasonOf(operation, withToken.status, withToken.body),
        );
    });

  it('the canonical request the sandbox echoes on a wrong SK is the SDK’s, byte for byte, for every operation', () => {
    const sandbox = createSandbox({ now: () => at });
    // Version discovery takes no credential; a scenario with its own query would get a second one.
    for (const s of sandbox.scenarios.filter(
      (x) =>
        x.status === 200 &&
        (operations as OperationId[]).includes(x.operation ?? 'updateImageMemberStatus') &&
        !x.request.path.includes('?'),
    )) {
      const operation = s.operation ?? 'updateImageMemberStatus';
      // The SDK hashes the canonical request first: catch the text it built.
      const hex = vi.spyOn(AKSKSigner as unknown as { Hex(text: string): string }, 'Hex');
      const request = signed(
        {
          method: s.request.method,
          // Query names no operation declares, out of order, one needing escapes; joined to a
          // query the scenario may already carry.
          target: `${s.request.path}${s.request.path.includes('?') ? '&' : '?'}zone=a%20b&after=10`,
          headers: { ...withoutToken(s.request.headers), 'X-Trace': 'trace 1' },
          body: s.request.body,
        },
        { ...member, sk: 'not-the-secret-key' },
      );
      const sdkCanonical = hex.mock.calls
        .map(([text]) => text)
        .find((text) => text.startsWith(`${s.request.method}\n`));
      hex.mockRestore();
      const answer = sandbox.handle(request);
      expect(answer.status, operation).toBe(401);
      expect(reasonOf401(operation, answer.body), operation).toBe('signature_mismatch');
      const message = (answer.body as { error_msg: string }).error_msg;
      expect(message.split('canonicalRequest:')[1]).toBe(sdkCanonical!.replaceAll('\n', '|'));
    }
  });

  it('agrees with this project’s signer too (signParts), with and without a body', async () => {
    for (const s of createSandbox().scenarios.filter((x) => x.status < 300)) {
      const sandbox = createSandbox({ now: () => at });
      const url = `${origin}${s.request.path}`;
      const project =
        Object.entries(projects).find(([, p]) => p.tokens?.includes(s.request.headers[authHeader] ?? ''))?.[0] ??
        'member';
      const key = keyOf(project);
      const headers = await signParts(
        { method: s.request.method, url, headers: withoutToken(s.request.headers), body: s.request.body ?? null },
        { ak: key.ak, sk: key.sk, projectId: projects[project]!.id },
        at,
      );
      const answer = sandbox.handle({
        method: s.request.method,
        path: s.request.path,
        headers,
        body: s.request.body,
        host: new URL(url).host,
      });
      expect(answer.status, `${s.operation} ${s.name}`).toBe(s.status);
    }
  });

  it('sandbox.fetch takes a request signed by this project’s client signer (the host from the URL)', async () => {
    const sandbox = createSandbox({ now: () => at });
    const s = sandbox.scenarios.find((x) => x.status === 200 && x.request.body === undefined)!;
    const url = `http://sandbox.test${s.request.path}`;
    const headers = await signParts(
      { method: s.request.method, url, headers: {} },
      { ak: member.ak, sk: member.sk, projectId: memberId },
      at,
    );
    delete headers.host;
    const response = await sandbox.fetch(url, { method: s.request.method, headers });
    expect(response.status).toBe(200);
  });
});

describe('each fault the gateway refuses: its own 401 and reason', () => {
  const s = createSandbox().scenarios.find((x) => x.name === 'accepted')!;
  const operation: OperationId = 'updateImageMemberStatus';
  const base = {
    method: s.request.method,
    target: s.request.path,
    headers: withoutToken(s.request.headers),
    body: s.request.body,
  };
  const judge = (request: SandboxRequest, world?: World, now = at) =>
    createSandbox({ now: () => now, ...(world ? { world } : {}) }).handle(request);
  const reason = (request: SandboxRequest, world?: World, now = at) => {
    const answer = judge(request, world, now);
    expect(answer.status).toBe(401);
    return reasonOf401(operation, answer.body);
  };

  it('every AK/SK reason is declared on every operation’s 401 (from the spec)', () => {
    for (const id of operations) {
      const declared = (errorExamples[id]['401'] ?? []).map((e) => e.reason);
      for (const r of akskReasons) expect(declared, `${id} 401`).toContain(r);
    }
  });

  it('every operation documents the signing headers the signer sends (from the spec)', () => {
    const signed = [signingHeaders.date, signingHeaders.project, signingHeaders.securityToken];
    for (const id of operations) {
      const { path, method } = operationRules[id];
      const operation = (spec.paths as unknown as Record<string, Record<string, { parameters?: Ref[] }>>)[path]![
        method.toLowerCase()
      ]!;
      const headers = (operation.parameters ?? [])
        .map((p) => resolveRef<{ name: string; in: string }>(p))
        .filter((p) => p.in === 'header')
        .map((p) => p.name.toLowerCase());
      expect(headers, id).toEqual(expect.arrayContaining(signed));
    }
  });

  it('a wrong SK: signature_mismatch', () => {
    expect(reason(signed(base, { ...member, sk: 'wrong' }))).toBe('signature_mismatch');
  });

  it('an AK the world does not know: access_key_unknown, naming the AK', () => {
    const answer = judge(signed(base, { ak: 'HPUANOSUCHKEY0000000', sk: 'x' }));
    expect(reasonOf401(operation, answer.body)).toBe('access_key_unknown');
    expect(JSON.stringify(answer.body)).toContain('ak HPUANOSUCHKEY0000000 not exist');
  });

  it('the clock: 15 minutes either way is accepted, a second more is signature_expired, with both times', () => {
    for (const sign of [-1, 1]) {
      const edge = new Date(at.getTime() + sign * SIGNATURE_WINDOW_MS);
      expect(judge(signed(base, member, edge)).status).toBe(200);
      const past = new Date(at.getTime() + sign * (SIGNATURE_WINDOW_MS + 1000));
      const answer = judge(signed(base, member, past));
      expect(reasonOf401(operation, answer.body)).toBe('signature_expired');
      expect((answer.body as { error_msg: string }).error_msg).toContain(
        `signature time:${sdkDate(past)},server time:${sdkDate(at)}`,
      );
    }
  });

  it('an X-Sdk-Date that is no UTC time: date_malformed', () => {
    for (const date of ['2026-12-03T07:33:44Z', '20261303T073344Z', '20261203T073344', '20261231T246000Z', '']) {
      // Set after signing: Huawei's signer rewrites a date it can parse into its own format.
      const request = signed(base, member);
      expect(reason({ ...request, headers: { ...request.headers, 'X-Sdk-Date': date } }), date).toBe('date_malformed');
    }
    expect(parseSdkDate('20240229T000000Z')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('host or x-sdk-date not signed, or a signed header not sent: signed_header_missing, naming it', () => {
    const good = signed(base, member);
    const auth = (good.headers as Record<string, string>).Authorization!;
    for (const [name, without] of [
      ['host', auth.replace('host;', '')],
      ['x-sdk-date', auth.replace(';x-sdk-date', '')],
      ['x-not-sent', auth.replace('SignedHeaders=', 'SignedHeaders=x-not-sent;')],
    ] as const) {
      const answer = judge({ ...good, headers: { ...good.headers, Authorization: without } });
      expect(reasonOf401(operation, answer.body), name).toBe('signed_header_missing');
      expect((answer.body as { error_msg: string }).error_msg).toContain(`header ${name} must be sent and signed`);
    }
    const { 'X-Sdk-Date': _date, ...noDate } = good.headers as Record<string, string>;
    expect(reason({ ...good, headers: noDate })).toBe('signed_header_missing');
  });

  it('an X-Project-Id the key may not act for: project_not_allowed; its own project, or none, acts', () => {
    expect(reason(signed(base, { ...member, projectId: ownerId }))).toBe('project_not_allowed');
    expect(judge(signed(base, { ...member, projectId: memberId })).status).toBe(200);
    expect(judge(signed(base, member)).status).toBe(200);
  });

  it('the caller is the key’s project: the owner’s key gets the owner’s 403, a stranger’s the 404', () => {
    expect(judge(signed(base, keyOf('owner'))).status).toBe(403);
    expect(judge(signed(base, keyOf('stranger'))).status).toBe(404);
  });

  it('a temporary key: its security token signed is accepted; none, another or unsigned is security_token_invalid', () => {
    const temporary = keyOf('member', 1);
    expect(temporary.securityToken).toBeTruthy();
    expect(judge(signed(base, temporary)).status).toBe(200);
    expect(reason(signed(base, { ...temporary, securityToken: 'another' }))).toBe('security_token_invalid');
    const { securityToken: _t, ...noToken } = temporary;
    expect(reason(signed(base, noToken))).toBe('security_token_invalid');
  });

  it('a world that declares its own keys: they sign, the default world’s do not, and an AK used twice is refused on load', () => {
    const world: World = {
      projects: {
        alice: { id: memberId, access_keys: [{ ak: 'ALICEKEY', sk: 'alice-secret' }] },
        bob: { id: ownerId },
      },
      images: [
        {
          id: defaultWorld.images[0]!.id,
          owner: 'bob',
          members: [{ project: 'alice', created_at: '2016-09-01T02:05:14Z' }],
        },
      ],
    };
    expect(checkWorld(world)).toEqual([]);
    expect(judge(signed(base, { ak: 'ALICEKEY', sk: 'alice-secret' }), world).status).toBe(200);
    expect(reason(signed(base, member), world)).toBe('access_key_unknown');
    const twice = structuredClone(world);
    twice.projects.bob!.access_keys = [{ ak: 'ALICEKEY', sk: 'other' }];
    expect(checkWorld(twice)).toEqual([
      expect.objectContaining({ path: '$.projects.bob.access_keys[0].ak', rule: 'unique' }),
    ]);
  });

  it('a token beside a signature: the signature is judged when Authorization says SDK-HMAC-SHA256', () => {
    const request = signed(base, { ...member, sk: 'wrong' });
    expect(reason({ ...request, headers: { ...request.headers, [authHeader]: 'member-token' } })).toBe(
      'signature_mismatch',
    );
    expect(
      judge({ ...request, headers: { ...base.headers, [authHeader]: 'member-token', Authorization: 'Bearer x' } })
        .status,
    ).toBe(200);
  });
});

describe('hostile Authorization headers: a worded 401, never a crash, never a secret', () => {
  const sandbox = createSandbox({ now: () => at });
  const s = sandbox.scenarios.find((x) => x.name === 'accepted')!;
  const good = signed(
    {
      method: s.request.method,
      target: s.request.path,
      headers: withoutToken(s.request.headers),
      body: s.request.body,
    },
    member,
  );
  const goodAuth = (good.headers as Record<string, string>).Authorization!;
  const signature = /Signature=([0-9a-f]+)/.exec(goodAuth)![1]!;
  const big = 'a'.repeat(64 * 1024);
  const cases: [string, string, string][] = [
    ['no Access=', goodAuth.replace(/Access=[^,]+, /, ''), 'no Access='],
    ['no algorithm', goodAuth.replace('SDK-HMAC-SHA256 ', ''), 'is not SDK-HMAC-SHA256'],
    ['another algorithm', goodAuth.replace('SDK-HMAC-SHA256', 'V11-HMAC-SHA256'), 'algorithm V11-HMAC-SHA256'],
    [
      'huge SignedHeaders',
      goodAuth.replace('SignedHeaders=', `SignedHeaders=${Array.from({ length: 500 }, (_, i) => `h${i}`).join(';')};`),
      'more than 64 headers',
    ],
    ['a header listed twice', goodAuth.replace('SignedHeaders=', 'SignedHeaders=host;'), 'lists host twice'],
    ['Access= twice', goodAuth.replace('Access=', 'Access=X, Access='), 'Access= given twice'],
    ['a non-hex signature', goodAuth.replace(signature, 'z'.repeat(64)), '64 lower-case hexadecimal digits'],
    ['a short signature', goodAuth.replace(signature, signature.slice(0, 10)), '64 lower-case hexadecimal digits'],
    ['an upper-case header name', goodAuth.replace('host', 'Host'), 'lower-case header names'],
    ['a 64 KiB Authorization', `SDK-HMAC-SHA256 Access=${big}`, 'longer than'],
    ['a 64 KiB AK', goodAuth.replace(/Access=[^,]+/, `Access=${big.slice(0, 7000)}`), 'Access= must be'],
    ['control characters', 'SDK-HMAC-SHA256 \u0000\u0001=\u0002', 'unknown field'],
    ['empty', '', 'algorithm (none)'],
  ];
  for (const [name, value, words] of cases)
    it(`${name}: authorization_malformed, saying what is wrong`, () => {
      const answer = sandbox.handle({ ...good, headers: { ...good.headers, Authorization: value } });
      expect(answer.status).toBe(401);
      expect(reasonOf401('updateImageMemberStatus', answer.body)).toBe('authorization_malformed');
      const text = JSON.stringify(answer.body);
      expect(text).toContain(words);
      expect(text.length).toBeLessThan(2000);
      expect(text).not.toContain(member.sk);
      expect(text).not.toContain(signature);
    });

  it('a 64 KiB signed header value: the echo is cut, the answer small, nothing secret in it', () => {
    const request = signed(
      {
        method: s.request.method,
        target: s.request.path,
        headers: { ...withoutToken(s.request.headers), 'X-Big': big, 'X-Security-Token': 'a-token-value' },
        body: s.request.body,
      },
      { ...member, sk: 'wrong-secret-key' },
    );
    const answer = sandbox.handle(request);
    expect(reasonOf401('updateImageMemberStatus', answer.body)).toBe('signature_mismatch');
    const text = JSON.stringify(answer.body);
    expect(text.length).toBeLessThan(4000);
    expect(text).toContain('more)');
    expect(text).toContain('x-security-token:***');
    for (const secret of ['wrong-secret-key', member.sk, 'a-token-value']) expect(text).not.toContain(secret);
    const sent = /Signature=([0-9a-f]+)/.exec((request.headers as Record<string, string>).Authorization!)![1]!;
    expect(text).not.toContain(sent);
  });

  it('no answer of any refusal carries the SK or the signature expected (every key of the world, wrong SKs)', () => {
    for (const [name, project] of Object.entries(projects))
      for (const key of project.access_keys ?? []) {
        const request = {
          method: good.method,
          target: good.path,
          headers: withoutToken(s.request.headers),
          body: good.body,
        };
        const expected = signed(request, {
          ak: key.ak,
          sk: key.sk,
          ...(key.security_token ? { securityToken: key.security_token } : {}),
        });
        const expectedSignature = /Signature=([0-9a-f]+)/.exec(
          (expected.headers as Record<string, string>).Authorization!,
        )![1]!;
        const answer = sandbox.handle(signed(request, { ak: key.ak, sk: `${key.sk}-wrong` }));
        const text = JSON.stringify(answer);
        expect(answer.status, name).toBe(401);
        expect(text).not.toContain(key.sk);
        expect(text).not.toContain(expectedSignature);
      }
  });
});

describe('IAM’s project lookup (GET /v3/projects?name=<region>), answered from the world', () => {
  const sandbox = createSandbox({ now: () => at });
  it('a signed lookup for a region the spec serves: the key’s project, named after the region', () => {
    for (const [name, project] of [
      ['member', memberId],
      ['owner', ownerId],
    ] as const) {
      const answer = sandbox.handle(
        signed({ method: 'GET', target: `${IAM_PROJECTS_PATH}?name=cn-north-4` }, keyOf(name)),
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ projects: [{ id: project, name: 'cn-north-4' }] });
    }
  });
  it('a region it does not serve: no project; no identity or a wrong SK: 401 with its reason', () => {
    expect(
      sandbox.handle(signed({ method: 'GET', target: `${IAM_PROJECTS_PATH}?name=mars-1` }, member)).body,
    ).toMatchObject({ projects: [] });
    const refused = sandbox.handle(
      signed({ method: 'GET', target: `${IAM_PROJECTS_PATH}?name=cn-north-4` }, { ...member, sk: 'x' }),
    );
    expect(refused.status).toBe(401);
    expect(reasonOf401('updateImageMemberStatus', refused.body)).toBe('signature_mismatch');
    expect(sandbox.handle({ method: 'GET', path: IAM_PROJECTS_PATH }).status).toBe(401);
  });
});

describe('docs/sandbox.md', () => {
  it('its table of keys is the default world’s, key for key', () => {
    const text = readFileSync(join(import.meta.dirname, '../docs/sandbox.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([a-z_]+)`[^|]* \| `([^`]+)` \| `([^`]+)` \|\s*(?:`([^`]+)`)?\s*\|$/gm)].map(
      ([, project, ak, sk, token]) => ({ project, ak, sk, token }),
    );
    const world = Object.entries(projects).flatMap(([project, p]) =>
      (p.access_keys ?? []).map((k) => ({ project, ak: k.ak, sk: k.sk, token: k.security_token })),
    );
    expect(rows).toEqual(world);
  });
});
