// The front's rules (scripts/front.ts) as functions, and then generated hostile requests against
// the servers the run shares (the front before the Prism mock, and before Prism and the sandbox):
// whatever the request, an answer arrives, it is never the front's "Prism did not answer", and the
// server is still there for the next one. Before the front, several of these shapes stopped Prism.
import { connect } from 'node:net';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { checkBody, checkHeaders, checkTarget, frontLimits } from '../scripts/front.js';
import { running } from './support/servers.js';

const template = operationRules.updateImageMemberStatus.path;
const memberPath = expandPath(template, exampleIds);
const bytes = (text: string) => new TextEncoder().encode(text);

describe('checkTarget: the path must decode', () => {
  it.each(['/a/%', '/a/%f', '/a/%zz', '/%/b', '/a%2'])('%s: malformed escape', (path) => {
    expect(checkTarget(path)?.rule).toBe('path-percent-escape');
  });
  it.each(['/a/%ff', '/%c3/b', '/a/%ed%a0%80'])('%s: not UTF-8', (path) => {
    expect(checkTarget(path)?.rule).toBe('path-utf8');
  });
  it.each(['/a/b', '/a/%20b', '/a/%E5%90%8D', '/a?x=%', '/a?x=%ff', '*'])('%s: passes', (path) => {
    expect(checkTarget(path)).toBeUndefined();
  });
});

describe('checkBody: JSON Prism can carry', () => {
  it('passes every body the contract uses, and bodies that are not JSON (answered downstream)', () => {
    for (const body of [
      '{"status":"accepted"}',
      '{"status":"accepted","vault_id":"v"}',
      '',
      'status=accepted',
      '{bad',
      '"x"',
    ])
      expect(checkBody(bytes(body))).toBeUndefined();
  });
  it('counts depth on the text, strings and escapes aside', () => {
    const at = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(checkBody(bytes(at(frontLimits.maxDepth)))).toBeUndefined();
    expect(checkBody(bytes(at(frontLimits.maxDepth + 1)))?.rule).toBe('body-depth');
    expect(checkBody(bytes(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`))).toBeUndefined();
  });
  it('refuses a field name outside printable ASCII, at any depth, naming it escaped', () => {
    const refusal = checkBody(bytes('[1,{"a":[{"名":1}]}]'));
    expect(refusal?.rule).toBe('body-field-name');
    expect(refusal?.message).toContain('\\u540d');
    expect(refusal?.message).toMatch(/^[\x20-\x7e]*$/);
    expect(checkBody(bytes('{"\\u007f":1}'))?.rule).toBe('body-field-name');
    expect(checkBody(bytes('{"a\\nb":1}'))?.rule).toBe('body-field-name');
  });
  it('refuses JSON that is not UTF-8', () => {
    expect(checkBody(Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))?.rule).toBe('body-utf8');
  });
  it('property: ASCII field names within the depth always pass; one other character anywhere is refused', () => {
    const asciiKey = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 8,
    });
    const otherChar = fc
      .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0xffff }))
      .filter((c) => c < 0xd800 || c > 0xdfff)
      .map((c) => String.fromCharCode(c));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.jsonValue({ maxDepth: 0 }),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(asciiKey, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, asciiKey, otherChar, (value, key, bad) => {
        expect(checkBody(bytes(JSON.stringify({ status: 'accepted', v: value })))).toBeUndefined();
        const badKey = key.slice(0, 2) + bad + key.slice(2);
        expect(checkBody(bytes(JSON.stringify([value, { [badKey]: value }])))?.rule).toBe('body-field-name');
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkHeaders: media types Prism can parse', () => {
  it.each([
    '*/*',
    'application/json',
    'application/json, text/plain, */*',
    'text/html;q=0.9,*/*;q=0.8',
    'a/b; c="d e"',
  ])('Accept %s passes', (accept) => expect(checkHeaders({ accept })).toBeUndefined());
  it.each(['*', 'a', '%', 'text/html;%', ';', 'application/json,', 'a/b;', 'a/b; c="d'])(
    'Accept %s is refused',
    (accept) => expect(checkHeaders({ accept })?.rule).toBe('accept'),
  );
  it.each(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/vnd.x+json'])(
    'Content-Type %s passes',
    (type) => expect(checkHeaders({ 'content-type': type })).toBeUndefined(),
  );
  it.each(['%%%;;;==', 'application/json; charset=x; a="', 'json', 'application/json;'])(
    'Content-Type %s is refused',
    (type) => expect(checkHeaders({ 'content-type': type })?.rule).toBe('content-type'),
  );
});

/** One raw request on its own connection; resolves with the status, or a description of what went wrong. */
function send(port: number, request: Buffer): Promise<number | string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('no answer within 20 s');
    }, 20_000);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (status && data.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        const head = data.slice(0, data.indexOf('\r\n\r\n'));
        // The front's 502 means Prism (or the sandbox) did not answer: that is the failure sought.
        resolve(
          /x-front-rule: upstream/i.test(head)
            ? `${status[1]} from the front: ${data.slice(0, 300)}`
            : Number(status[1]),
        );
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      resolve(`connection error: ${error.message}`);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data ? `closed mid-answer: ${data.slice(0, 100)}` : 'closed with no answer');
    });
    socket.write(request);
  });
}

// Pieces a hostile client mixes: odd path escapes, odd header values, odd bodies and field names.
const pathPiece = fc.oneof(
  fc.constantFrom('%', '%f', '%ff', '%zz', '%00', '%E5%90%8D', '%2F', '..', '.', ''),
  fc.string({ maxLength: 6 }).map(encodeURIComponent),
);
const headerValue = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 24,
});
const anyKey = fc.string({ unit: 'binary', maxLength: 4 });
const body = fc.oneof(
  fc.constant('{"status":"accepted"}'),
  fc.tuple(anyKey, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => JSON.stringify({ status: 'accepted', [k]: v })),
  fc.integer({ min: 1, max: 200 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1')),
);
const hostileRequest = fc.record({
  image: fc.option(pathPiece, { nil: undefined }),
  member: fc.option(pathPiece, { nil: undefined }),
  query: fc.option(fc.constantFrom('?a=%', '?a=%ff', '?%E5=1', '?a=b'), { nil: undefined }),
  method: fc.constantFrom('PUT', 'PUT', 'PUT', 'GET', 'POST', 'OPTIONS', 'DELETE', 'PATCH'),
  contentType: fc.option(
    fc.oneof(
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.a+json'),
      headerValue,
    ),
    { nil: undefined },
  ),
  accept: fc.option(
    fc.oneof(
      fc.constantFrom('*/*', 'application/json', '*', 'a', 'text/html;%', 'x/y,', 'application/xml'),
      headerValue,
    ),
    { nil: undefined },
  ),
  prefer: fc.option(
    fc.oneof(fc.constantFrom('code=400', 'code=999', 'example=名', 'code=%', 'dynamic=true'), headerValue),
    { nil: undefined },
  ),
  token: fc.option(headerValue, { nil: undefined }),
  body,
});

function build(r: typeof hostileRequest extends fc.Arbitrary<infer T> ? T : never): Buffer {
  const path =
    r.image === undefined && r.member === undefined
      ? memberPath
      : expandPath(template, { ...exampleIds, image_id: '\0', member_id: '\u0001' })
          .replace('%00', r.image ?? exampleIds.image_id)
          .replace('%01', r.member ?? exampleIds.member_id);
  const payload = Buffer.from(r.body, 'utf8');
  const headers = [
    `${r.method} ${path}${r.query ?? ''} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...(r.contentType !== undefined ? [`Content-Type: ${r.contentType}`] : []),
    ...(r.accept !== undefined ? [`Accept: ${r.accept}`] : []),
    ...(r.prefer !== undefined ? [`Prefer: ${r.prefer}`] : []),
    ...(r.token !== undefined ? [`${authHeader}: ${r.token}`] : []),
    `Content-Length: ${payload.length}`,
    'Connection: close',
  ];
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

for (const name of ['prismUrl', 'sandboxUrl'] as const) {
  describe(`generated hostile requests against ${name === 'prismUrl' ? 'npm run mock' : 'npm start'} (the run's shared server)`, () => {
    let port: number;
    beforeAll(async () => {
      port = Number(new URL(await running(name)).port);
    });
    it('every one answered (never "Prism did not answer"), and an ordinary request served after them all', async () => {
      await fc.assert(
        fc.asyncProperty(hostileRequest, async (request) => {
          const status = await send(port, build(request));
          expect(typeof status === 'number' ? 'answered' : status).toBe('answered');
        }),
        { numRuns: 150, seed: 20261129 },
      );
      const ordinary = await send(
        port,
        Buffer.from(
          `PUT ${memberPath} HTTP/1.1\r\nHost: x\r\n${authHeader}: rules-suite\r\nContent-Type: application/json\r\nContent-Length: 21\r\nConnection: close\r\n\r\n{"status":"accepted"}`,
        ),
      );
      expect(ordinary).toBe(200);
    }, 180_000);
  });
}
