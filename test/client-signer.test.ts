// AK/SK signing checked against Huawei's own signer (@huaweicloud/huaweicloud-sdk-core, a dev
// dependency used here only as an oracle): with a fixed clock, the Authorization header this
// project's signer computes must be byte-identical to the SDK's. Twice: with the node:crypto
// hashing that Node gets from '#crypto', and with the Web Crypto hashing that browsers get;
// each through signRequest (a Request) and signParts (plain parts).
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { type AkSkCredentials, sdkDate } from '../src/signer.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: { sign(request: object, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

const clock = new Date('2026-11-22T15:40:40.123Z');
const image = exampleIds.image_id;
const memberStatusPath = operationRules.updateImageMemberStatus.path;
/** The path with the IDs put in raw, as the SDK does (it does not encode them). */
const rawPathOf = (member: string) =>
  memberStatusPath.replace('{image_id}', () => image).replace('{member_id}', () => member);
const pathOf = (member: string) => expandPath(memberStatusPath, { image_id: image, member_id: member });

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
    projectId: exampleIds.member_id,
  },
  { ak: 'AK2', sk: 'ünïcødé-sk', projectId: '0123456789abcdef0123456789abcdef' },
];
const members = [
  exampleIds.member_id,
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
  { status: 'accepted', vault_id: exampleIds.vault_id },
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

const variants = [
  { name: 'node:crypto', webCrypto: false, load: () => import('../src/crypto-node.js') },
  { name: 'Web Crypto', webCrypto: true, load: () => import('../src/crypto-web.js') },
];

for (const variant of variants) {
  describe(`AK/SK signing with ${variant.name} matches the Huawei SDK signer byte for byte`, () => {
    let signer: typeof import('../src/signer.js');
    let subtle: { sign: ReturnType<typeof vi.spyOn>; digest: ReturnType<typeof vi.spyOn> };
    beforeAll(async () => {
      vi.resetModules();
      vi.doMock('#crypto', variant.load);
      signer = await import('../src/signer.js');
      vi.doUnmock('#crypto');
      subtle = { sign: vi.spyOn(crypto.subtle, 'sign'), digest: vi.spyOn(crypto.subtle, 'digest') };
    });
    afterAll(() => {
      subtle.sign.mockRestore();
      subtle.digest.mockRestore();
    });

    it(`covers at least 20 varied requests (${cases.length})`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(20);
    });

    for (const [n, c] of cases.entries()) {
      const rawPath = rawPathOf(c.member);
      const url = new URL(`https://${c.host}${pathOf(c.member)}`);
      for (const [k, v] of Object.entries(c.query)) url.searchParams.set(k, v);
      if (url.host !== c.host) url.host = c.host;
      const extra: Record<string, string> = c.body ? { ...c.extra, 'Content-Type': 'application/json' } : c.extra;
      const body = c.body ? JSON.stringify(c.body) : null;
      const label = `#${n + 1}: member ${JSON.stringify(c.member)}, ${body ?? 'no body'}, ${Object.keys(c.extra).join(',') || 'no extra headers'}, ${c.host}`;

      it(`${label}: signRequest`, async () => {
        const request = new Request(url, { method: 'PUT', headers: extra, body });
        const signed = await signer.signRequest(request, c.credentials, clock);
        const expected = sdkAuthorization(c.credentials, c.host, rawPath, c.body, c.extra, c.query);
        expect(signed.headers.get('Authorization')).toBe(expected);
        expect(signed.headers.get('X-Sdk-Date')).toBe('20261122T154040Z');
        expect(signed.headers.get('X-Project-Id')).toBe(c.credentials.projectId);
        expect(await signed.text()).toBe(body ?? '');
      });

      it(`${label}: signParts`, async () => {
        const headers = await signer.signParts(
          { method: 'PUT', url: url.href, headers: extra, body },
          c.credentials,
          clock,
        );
        const expected = sdkAuthorization(c.credentials, c.host, rawPath, c.body, c.extra, c.query);
        expect(headers).toEqual({
          ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), v])),
          'x-sdk-date': '20261122T154040Z',
          'x-project-id': c.credentials.projectId,
          authorization: expected,
        });
      });
    }

    it(variant.webCrypto ? 'hashes with Web Crypto' : 'never calls Web Crypto', () => {
      if (variant.webCrypto) {
        expect(subtle.sign).toHaveBeenCalled();
        expect(subtle.digest).toHaveBeenCalled();
      } else {
        expect(subtle.sign).not.toHaveBeenCalled();
        expect(subtle.digest).not.toHaveBeenCalled();
      }
    });

    it('signParts takes headers in any case and form, trims values, and replaces an Authorization', async () => {
      const parts = { method: 'PUT', url: `https://${hosts[0]}${pathOf('m')}`, body: '{}' };
      const credentials0 = credentials[0]!;
      const fromRecord = await signer.signParts(
        { ...parts, headers: { 'X-Trace-Id': '  t-1\t', authorization: 'stale' } },
        credentials0,
        clock,
      );
      const fromHeaders = await signer.signParts(
        { ...parts, headers: new Headers({ 'x-trace-id': 't-1' }) },
        credentials0,
        clock,
      );
      const fromPairs = await signer.signParts({ ...parts, headers: [['X-TRACE-ID', 't-1']] }, credentials0, clock);
      expect(fromRecord['x-trace-id']).toBe('t-1');
      expect(fromRecord.authorization).not.toBe('stale');
      expect(fromRecord).toEqual(fromHeaders);
      expect(fromPairs).toEqual(fromHeaders);
      const bytes = await signer.signParts({ ...parts, body: new TextEncoder().encode('{}') }, credentials0, clock);
      const buffer = await signer.signParts(
        { ...parts, body: new TextEncoder().encode('{}').buffer },
        credentials0,
        clock,
      );
      const text = await signer.signParts(parts, credentials0, clock);
      expect(bytes.authorization).toBe(text.authorization);
      expect(buffer.authorization).toBe(text.authorization);
      const other = await signer.signParts({ ...parts, body: '{ }' }, credentials0, clock);
      expect(other.authorization).not.toBe(text.authorization);
    });

    it('a different secret key gives a different signature, also on credentials already used', async () => {
      const request = () =>
        new Request(`https://${hosts[0]}${pathOf('m')}`, {
          method: 'PUT',
          body: '{"status":"accepted"}',
        });
      const mutable = { ...credentials[0]! };
      const a = await signer.signRequest(request(), mutable, clock);
      const b = await signer.signRequest(request(), { ...credentials[0]!, sk: 'other' }, clock);
      mutable.sk = 'other';
      const c = await signer.signRequest(request(), mutable, clock);
      expect(a.headers.get('Authorization')).not.toBe(b.headers.get('Authorization'));
      expect(c.headers.get('Authorization')).toBe(b.headers.get('Authorization'));
    });

    it('refuses empty credentials, naming the field and never echoing a secret', async () => {
      const request = new Request(`https://${hosts[0]}/x`, { method: 'PUT' });
      await expect(signer.signRequest(request, { ak: 'a', sk: '', projectId: 'p' })).rejects.toThrow(
        /credentials\.sk must be a non-empty string/,
      );
      await expect(signer.signRequest(request, { ak: 'a', sk: 'top-secret', projectId: '' })).rejects.toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('top-secret') }),
      );
      await expect(
        signer.signParts({ method: 'PUT', url: 'https://x/' }, { ak: '', sk: 's', projectId: 'p' }),
      ).rejects.toThrow(/credentials\.ak must be a non-empty string/);
    });
  });
}
