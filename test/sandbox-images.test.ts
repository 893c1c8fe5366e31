// Version discovery, the image reads a member needs, Glance's error negotiation by Accept, the
// request IDs and the member update's leniency, on the sandbox itself (no server). The same
// behaviour against a real Glance and Debian's OpenStack clients: test/openstack/ and
// test/glance/openstack-clients.test.ts. The bodies below are the bytes Glance 25.1 (webob 1.8)
// answered on the harness (docs/glance.md).
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, operationRules, requestIdHeaders } from '../generated/contract.js';
import { examplesOf, personalised } from '../src/sandbox/answers.js';
import { answerText, createSandbox, scenarios, type World } from '../src/sandbox/index.js';
import { chooseErrorType } from '../src/sandbox/negotiate.js';
import { answerViolations } from './support/operation-answers.js';

const imageReads = new Set([
  'listVersions',
  'listVersionsDocument',
  'listImages',
  'showImage',
  'showImageSchema',
  'showImagesSchema',
]);
const json = { Accept: 'application/json' };
const as = (token: string, extra: Record<string, string> = json) => ({ [authHeader]: token, ...extra });
const imagePath = (id: string) => expandPath(operationRules.showImage.path, { image_id: id });
const listPath = (query = '') => `${operationRules.listImages.path}${query ? `?${query}` : ''}`;
type ImageList = { images: { id: string; name: string | null }[]; first: string; next?: string };

describe('the scenario rows of version discovery and the image reads', () => {
  for (const scenario of scenarios.filter((s) => imageReads.has(s.operation ?? ''))) {
    const operation = scenario.operation!;
    it(`${operation} ${scenario.name}: ${scenario.status} ${scenario.example}`, () => {
      const answer = createSandbox().handle(scenario.request);
      expect(answer.status).toBe(scenario.status);
      expect(answer.headers['Content-Type']).toMatch(/^application\/json/);
      expect(answerViolations(operation as never, answer.status, answer.body)).toEqual([]);
      const example = examplesOf(operation as never)[scenario.status]![scenario.example]!.value as Record<
        string,
        unknown
      >;
      if (operation === 'listImages' && scenario.status === 200) {
        // The world holds more images than the example shows: the example's are among them.
        const body = answer.body as ImageList;
        expect(body.first).toBe(example.first);
        expect(body.next).toBe(example.next);
        const ids = body.images.map((i) => i.id);
        for (const image of example.images as { id: string }[]) {
          expect(ids).toContain(image.id);
          expect(body.images.find((i) => i.id === image.id)).toEqual(image);
        }
      } else if (operation.startsWith('listVersions')) {
        // The links point at the URL the client used (no Host here: 127.0.0.1).
        expect(JSON.stringify(answer.body)).toBe(JSON.stringify(example).replaceAll('127.0.0.1:4010', '127.0.0.1'));
      } else {
        const params: Record<string, string> = operation === 'showImage' ? { image_id: exampleIds.image_id } : {};
        expect(answer.body).toEqual(personalised(example, params));
      }
    });
  }
});

describe('version discovery', () => {
  it('listVersions is 300 with links to the Host the client used, without any token; listVersionsDocument is 200', () => {
    const sandbox = createSandbox();
    const root = sandbox.handle({ method: 'GET', path: '/', headers: { host: 'ims.test:8443' } });
    expect(root.status).toBe(300);
    const { versions } = root.body as { versions: { id: string; status: string; links: { href: string }[] }[] };
    expect(versions[0]).toMatchObject({ id: 'v2.15', status: 'CURRENT' });
    expect(new Set(versions.flatMap((v) => v.links.map((l) => l.href)))).toEqual(new Set(['http://ims.test:8443/v2/']));
    const proxied = sandbox.handle({
      method: 'GET',
      path: operationRules.listVersionsDocument.path,
      headers: { host: 'inner:1', 'x-forwarded-host': 'outer.test', 'x-forwarded-proto': 'https' },
    });
    expect(proxied.status).toBe(200);
    expect(JSON.stringify(proxied.body)).toContain('"https://outer.test/v2/"');
  });

  it('through sandbox.fetch the links carry the URL fetched', async () => {
    const answer = await createSandbox().fetch(`http://sandbox.test:9${operationRules.listVersions.path}`);
    expect(answer.status).toBe(300);
    expect(await answer.text()).toContain('"http://sandbox.test:9/v2/"');
  });
});

describe('the images a member, the owner and a stranger see', () => {
  const shared = exampleIds.image_id;
  const world: World = {
    projects: {
      owner: { id: 'a'.repeat(32), tokens: ['owner'] },
      member: { id: 'b'.repeat(32), tokens: ['member'] },
      stranger: { id: 'c'.repeat(32), tokens: ['stranger'] },
    },
    images: [
      {
        id: shared,
        owner: 'owner',
        name: 'beta',
        created_at: '2026-01-02T00:00:00Z',
        members: [{ project: 'member', created_at: '2026-01-02T00:00:00Z' }],
      },
      {
        id: '11111111-1111-4111-8111-111111111111',
        owner: 'owner',
        name: 'alpha',
        created_at: '2026-01-03T00:00:00Z',
        members: [{ project: 'member', status: 'accepted', created_at: '2026-01-03T00:00:00Z' }],
      },
      {
        id: '22222222-2222-4222-8222-222222222222',
        owner: 'owner',
        name: 'gamma',
        visibility: 'private',
        created_at: '2026-01-04T00:00:00Z',
        members: [{ project: 'member', created_at: '2026-01-04T00:00:00Z' }],
      },
      {
        id: '33333333-3333-4333-8333-333333333333',
        owner: 'member',
        name: 'own',
        created_at: '2026-01-01T00:00:00Z',
        properties: { __os_type: 'Linux' },
      },
    ],
  };
  const names = (sandbox: ReturnType<typeof createSandbox>, token: string, query = '') => {
    const answer = sandbox.handle({ method: 'GET', path: listPath(query), headers: as(token) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return (answer.body as ImageList).images.map((i) => i.name);
  };

  it("a member's list: its own and the accepted shares by default; pending ones with member_status", () => {
    const sandbox = createSandbox({ world });
    expect(names(sandbox, 'member')).toEqual(['alpha', 'own']);
    // Its own images pass any member_status, as the owner's do.
    expect(names(sandbox, 'member', 'visibility=shared&member_status=pending')).toEqual(['beta', 'own']);
    expect(names(sandbox, 'member', 'member_status=all')).toEqual(['alpha', 'beta', 'own']);
    expect(names(sandbox, 'member', 'member_status=rejected')).toEqual(['own']);
    expect(names(sandbox, 'member', `owner=${'a'.repeat(32)}&member_status=all`)).toEqual(['alpha', 'beta']);
    expect(names(sandbox, 'member', '__os_type=Linux')).toEqual(['own']);
    expect(names(sandbox, 'member', 'foo=bar')).toEqual([]);
  });

  it('the owner sees all its own images whatever member_status says; a stranger sees none', () => {
    const sandbox = createSandbox({ world });
    expect(names(sandbox, 'owner', 'member_status=pending')).toEqual(['gamma', 'alpha', 'beta']);
    expect(names(sandbox, 'owner', 'visibility=private')).toEqual(['gamma']);
    expect(names(sandbox, 'owner', 'sort_key=name&sort_dir=asc')).toEqual(['alpha', 'beta', 'gamma']);
    expect(names(sandbox, 'stranger', 'member_status=all')).toEqual([]);
  });

  it('pages: a full page links to the next, following next reaches every image once', () => {
    const sandbox = createSandbox({ world });
    let path: string | undefined = listPath('member_status=pending&limit=1');
    const seen: string[] = [];
    const links: string[] = [];
    while (path) {
      const answer = sandbox.handle({ method: 'GET', path, headers: as('owner') });
      const body = answer.body as ImageList;
      expect(body.first).toBe(listPath('member_status=pending&limit=1'));
      seen.push(...body.images.map((i) => i.name!));
      links.push(path);
      path = body.next;
    }
    expect(seen).toEqual(['gamma', 'alpha', 'beta']);
    // Three full pages, then an empty one without next (Glance links every full page).
    expect(links).toHaveLength(4);
    expect(links[1]).toBe(listPath(`member_status=pending&limit=1&marker=22222222-2222-4222-8222-222222222222`));
  });

  it('show: the owner and a member (pending too) read it; a stranger, a private share and a name get 404', () => {
    const sandbox = createSandbox({ world });
    const show = (token: string, id: string) =>
      sandbox.handle({ method: 'GET', path: imagePath(id), headers: as(token) });
    expect(show('member', shared).body).toMatchObject({ id: shared, name: 'beta', owner: 'a'.repeat(32) });
    expect(show('owner', shared).status).toBe(200);
    expect(show('member', '33333333-3333-4333-8333-333333333333').body).toMatchObject({ __os_type: 'Linux' });
    for (const [token, id] of [
      ['stranger', shared],
      ['member', '22222222-2222-4222-8222-222222222222'],
      ['member', 'not an id'],
    ] as const) {
      const answer = show(token, id);
      expect(answer.status, `${token} ${id}`).toBe(404);
      expect(answer.body).toEqual({
        code: '404 Not Found',
        title: 'Not Found',
        message: `No image found with ID ${id}<br /><br />\n\n\n`,
      });
    }
  });

  it("the query is judged in Glance's order, in Glance's words with the value sent", () => {
    const sandbox = createSandbox({ world });
    const message = (query: string, token = 'member') => {
      const answer = sandbox.handle({ method: 'GET', path: listPath(query), headers: as(token) });
      expect(answer.status, query).toBe(400);
      return (answer.body as { message: string }).message.replace('<br /><br />\n\n\n', '');
    };
    expect(message('member_status=foo&visibility=foo&limit=x&sort_key=foo')).toBe('Invalid visibility value: foo');
    expect(message('member_status=Pending&limit=x')).toBe('Invalid status: Pending');
    expect(message('limit=1.5&sort_key=foo')).toBe('limit param must be an integer');
    expect(message('limit=-1&sort_dir=up')).toBe('limit param must be positive');
    expect(message('sort_key=foo&sort_dir=up')).toMatch(/^Invalid sort key: foo\. It must be one of/);
    expect(message('sort_dir=up')).toBe('Invalid sort direction: up');
    expect(message(`marker=${shared}`, 'stranger')).toBe(`No image found with ID ${shared}`);
  });
});

describe("errors as Glance negotiates them (webob's three renderings)", () => {
  const stranger = (accept?: string) =>
    createSandbox().handle({
      method: 'GET',
      path: imagePath(exampleIds.image_id),
      headers: accept === undefined ? { [authHeader]: 'stranger-token' } : as('stranger-token', { Accept: accept }),
    });
  const id = exampleIds.image_id;

  it('*/* (glanceclient) gets the HTML page Glance sends, byte for byte', () => {
    const answer = stranger('*/*');
    expect(answer.headers['Content-Type']).toBe('text/html; charset=UTF-8');
    expect(answerText(answer)).toBe(
      `<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID ${id}<br /><br />\n\n\n\n </body>\n</html>`,
    );
  });

  it('no Accept gets the plain text Glance sends; application/json the JSON', () => {
    const plain = stranger();
    expect(plain.headers['Content-Type']).toBe('text/plain; charset=UTF-8');
    expect(answerText(plain)).toBe(`404 Not Found\n\nNo image found with ID ${id}\n\n   `);
    const asJson = stranger('application/json');
    expect(asJson.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(answerText(asJson)!)).toEqual({
      code: '404 Not Found',
      title: 'Not Found',
      message: `No image found with ID ${id}<br /><br />\n\n\n`,
    });
  });

  it('HTML escapes the explanation as webob does (quotes included), not the line breaks', () => {
    const answer = createSandbox().handle({
      method: 'PUT',
      path: expandPath(operationRules.updateImageMemberStatus.path, exampleIds),
      headers: as('member-token', { Accept: '*/*', 'Content-Type': 'application/json' }),
      body: '{"status":"ACCEPTED"}',
    });
    // The member's wrong status value on the world's Glance-shaped trigger image is Glance's 400;
    // on the documents' image it is IMS's, which stays JSON whatever was asked.
    expect(answer.status).toBe(400);
    expect(answer.headers['Content-Type']).toBe('application/json');
    const glance = createSandbox().handle(scenarios.find((s) => s.name === 'glance_bad_request')!.request);
    expect(glance.status).toBe(400);
    const html = createSandbox().handle({
      ...scenarios.find((s) => s.name === 'glance_bad_request')!.request,
      headers: { ...scenarios.find((s) => s.name === 'glance_bad_request')!.request.headers, Accept: '*/*' },
    });
    expect(answerText(html)).toContain(
      'Incorrect request: Status must be &quot;pending&quot;, &quot;accepted&quot; or &quot;rejected&quot;.<br /><br />\n\n\n\n </body>',
    );
  });

  it('chooses as webob does: q-values, ties to HTML, a header that does not parse is HTML, none is text', () => {
    expect(chooseErrorType('*/*')).toBe('text/html');
    expect(chooseErrorType('application/json')).toBe('application/json');
    expect(chooseErrorType('application/json, text/html')).toBe('text/html');
    expect(chooseErrorType('text/html;q=0.5, application/json')).toBe('application/json');
    expect(chooseErrorType('*/*;q=0.5, application/json')).toBe('application/json');
    expect(chooseErrorType('application/*')).toBe('application/json');
    expect(chooseErrorType('text/*')).toBe('text/html');
    expect(chooseErrorType('garbage')).toBe('text/html');
    expect(chooseErrorType('application/json;q=0')).toBeUndefined();
    expect(chooseErrorType('text/plain')).toBeUndefined();
    expect(chooseErrorType('')).toBeUndefined();
    expect(chooseErrorType(undefined)).toBeUndefined();
  });

  it('gateway- and IMS-shaped errors stay JSON whatever the Accept', () => {
    const sandbox = createSandbox();
    const noToken = sandbox.handle({ method: 'GET', path: imagePath(exampleIds.image_id), headers: { Accept: '*/*' } });
    expect(noToken.status).toBe(401);
    expect(noToken.headers['Content-Type']).toBe('application/json');
    expect(noToken.body).toMatchObject({ error_code: expect.any(String) });
  });
});

describe('request IDs and the member update', () => {
  it('every answer carries X-Request-Id and the same ID as X-Openstack-Request-Id: req-<uuid>', () => {
    const answer = createSandbox().handle({ method: 'GET', path: listPath(), headers: as('member-token') });
    const hex = answer.headers[requestIdHeaders[0]]!;
    expect(hex).toMatch(/^[0-9a-f]{32}$/);
    const openstack = answer.headers[requestIdHeaders[1]]!;
    expect(openstack).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(openstack.slice(4).replaceAll('-', '')).toBe(hex);
  });

  it("ignores unknown fields as Glance does (openstacksdk's {status, member}); a vault_id on a reject stays 400", () => {
    const sandbox = createSandbox();
    const put = (body: unknown) =>
      sandbox.handle({
        method: 'PUT',
        path: expandPath(operationRules.updateImageMemberStatus.path, exampleIds),
        headers: as('member-token', { ...json, 'Content-Type': 'application/json' }),
        body: JSON.stringify(body),
      });
    const sdk = put({ status: 'accepted', member: exampleIds.member_id });
    expect(sdk.status).toBe(200);
    expect(sdk.body).toMatchObject({ status: 'accepted', member_id: exampleIds.member_id });
    expect(Object.keys(sdk.body as object)).not.toContain('member');
    expect(put({ status: 'rejected', note: 1 }).status).toBe(200);
    expect(put({ status: 'pending', member: exampleIds.member_id }).status).toBe(400);
    expect(put({ status: 'rejected', vault_id: exampleIds.vault_id }).status).toBe(400);
  });
});
