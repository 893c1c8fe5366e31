// AK/SK signing checked against Huawei's own signer (@huaweicloud/huaweicloud-sdk-core, a dev
// dependency used here only as an oracle): with a fixed clock, the Authorization header this
// project's Web Crypto signer computes must be byte-identical to the SDK's.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type AkSkCredentials, sdkDate, signRequest } from '../src/signer.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: { sign(request: object, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

const clock = new Date('2026-11-22T15:40:40.123Z');
const image = 'd164b5df-1bc3-4c3f-893e-3e471fd16e64';

/** What the SDK signs: its own request object, path IDs put in raw (it does not encode them). */
function sdkAuthorization(
  c: AkSkCredentials,
  host: string,
  rawPath: string,
  body: object | undefined,
  extra: Record<string, string>,
  query: Record<string, string> = {},
) {
  const headers: Record<string, string> = { 'X-Sdk-Date': sdkDate(clock), 'X-Project-Id': c.projectId, ...extra };
  if (body) headers['Content-Type'] = 'application/json';
  const signed = AKSKSigner.sign(
    { endpoint: `https://${host}${rawPath}`, method: 'PUT', headers, data: body, queryParams: query },
    { getAk: () => c.ak, getSk: () => c.sk },
  );
  return signed.Authorization;
}

const credentials: AkSkCredentials[] = [
  {
    ak: 'HPUAXXXXXXXXXXXXXXXX',
    sk: 'secret-key-0123456789abcdefghijklmnopqrstu',
    projectId: 'edc89b490d7d4392898e19b2deb34797',
  },
  { ak: 'AK2', sk: 'ünïcødé-sk', projectId: '0123456789abcdef0123456789abcdef' },
];
const members = [
  'edc89b490d7d4392898e19b2deb34797',
  'member with spaces'.replace(/ /g, '+'),
  'é:@=,;!*()$&~',
  '中文项目',
  'a.b-c_d~e',
  'percent%sign',
  'UPPER_lower-123',
  'emoji😀',
];
const bodies: (object | undefined)[] = [
  { status: 'accepted' },
  { status: 'accepted', vault_id: '6yhtb5df-1bc3-4c3f-893e-3e4716yhgt61' },
  { status: 'rejected' },
];
const extras: Record<string, string>[] = [
  {},
  { 'X-Trace-Id': 'trace-1' },
  { 'Accept-Language': 'zh-CN', 'X-Client': 'ims-toolkit/1' },
];
const hosts = ['ims.cn-north-4.myhuaweicloud.com', 'ims.eu-west-101.myhuaweicloud.eu', '127.0.0.1:4010'];

const cases = members.flatMap((member, i) =>
  bodies.map((body, j) => ({
    credentials: credentials[(i + j) % credentials.length]!,
    member,
    body,
    extra: extras[(i + j) % extras.length]!,
    host: hosts[(i * 3 + j) % hosts.length]!,
    query: ((i === 4 && j === 2) || (i === 7 && j === 0) ? { marker: 'a b', limit: '10' } : {}) as Record<
      string,
      string
    >,
  })),
);

describe('AK/SK signing matches the Huawei SDK signer byte for byte', () => {
  it(`covers at least 20 varied requests (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const [n, c] of cases.entries()) {
    it(`#${n + 1}: member ${JSON.stringify(c.member)}, ${c.body ? JSON.stringify(c.body) : 'no body'}, ${Object.keys(c.extra).join(',') || 'no extra headers'}, ${c.host}`, async () => {
      const rawPath = `/v2/images/${image}/members/${c.member}`;
      const url = new URL(`https://${c.host}/v2/images/${image}/members/${encodeURIComponent(c.member)}`);
      for (const [k, v] of Object.entries(c.query)) url.searchParams.set(k, v);
      if (url.host !== c.host) url.host = c.host;
      const headers = new Headers(c.extra);
      if (c.body) headers.set('Content-Type', 'application/json');
      const request = new Request(url, { method: 'PUT', headers, body: c.body ? JSON.stringify(c.body) : null });
      const signed = await signRequest(request, c.credentials, clock);
      const expected = sdkAuthorization(c.credentials, c.host, rawPath, c.body, c.extra, c.query);
      expect(signed.headers.get('Authorization')).toBe(expected);
      expect(signed.headers.get('X-Sdk-Date')).toBe('20261122T154040Z');
      expect(signed.headers.get('X-Project-Id')).toBe(c.credentials.projectId);
      expect(await signed.text()).toBe(c.body ? JSON.stringify(c.body) : '');
    });
  }

  it('a different secret key gives a different signature', async () => {
    const request = () =>
      new Request(`https://${hosts[0]}/v2/images/${image}/members/m`, { method: 'PUT', body: '{"status":"accepted"}' });
    const a = await signRequest(request(), credentials[0]!, clock);
    const b = await signRequest(request(), { ...credentials[0]!, sk: 'other' }, clock);
    expect(a.headers.get('Authorization')).not.toBe(b.headers.get('Authorization'));
  });

  it('refuses empty credentials, naming the field and never echoing a secret', async () => {
    const request = new Request(`https://${hosts[0]}/x`, { method: 'PUT' });
    await expect(signRequest(request, { ak: 'a', sk: '', projectId: 'p' })).rejects.toThrow(
      /credentials\.sk must be a non-empty string/,
    );
    await expect(signRequest(request, { ak: 'a', sk: 'top-secret', projectId: '' })).rejects.toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('top-secret') }),
    );
  });
});
