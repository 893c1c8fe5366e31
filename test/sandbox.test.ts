// The sandbox in-process (no port): the default world and its scenario table, the behaviour over
// time that docs/sandbox.md describes (measured on a real Glance), world checking, the client
// against it, and the docs' world example and table held to the data.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { createImsClient, ImsApiError } from '../src/index.js';
import { akskReasons } from '../src/sandbox/aksk.js';
import {
  checkWorld,
  createSandbox,
  defaultWorld,
  type SandboxRequest,
  scenarios,
  type World,
  WorldError,
} from '../src/sandbox/index.js';
import { createContractValidator } from '../src/validate.js';
import { responseExamples } from './support/spec.js';
import { renderTriggerTable } from './support/trigger-table.js';

const contract = createContractValidator();
const root = join(import.meta.dirname, '..');
const { path: template, method } = operationRules.updateImageMemberStatus;

const exampleOf = (status: number, name: string) => responseExamples.find((r) => r.status === status)!.examples[name]!;
/** The example's value with the documents' IDs in its texts replaced by the requested ones, as the sandbox does. */
const personalised = (value: unknown, ids: { image_id: string; member_id: string }) =>
  JSON.parse(
    JSON.stringify(value).split(exampleIds.image_id).join(ids.image_id).split(exampleIds.member_id).join(ids.member_id),
  );
const idsOf = (path: string) => {
  const [, , , image_id, , member_id] = path.split('/');
  return { image_id: decodeURIComponent(image_id!), member_id: decodeURIComponent(member_id!) };
};

/** A clock the test moves by hand. */
function clock(start = '2026-11-22T13:16:31.250Z') {
  let now = new Date(start);
  return { now: () => now, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

const put = (body: unknown, o: { image?: string; member?: string; token?: string | null } = {}): SandboxRequest => ({
  method,
  path: expandPath(template, { image_id: o.image ?? exampleIds.image_id, member_id: o.member ?? exampleIds.member_id }),
  headers: {
    'Content-Type': 'application/json',
    ...(o.token === null ? {} : { [authHeader]: o.token ?? 'any-token' }),
  },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('the default world (openapi/sandbox/world.yaml)', () => {
  it('passes its own schema and rules', () => {
    expect(checkWorld(defaultWorld)).toEqual([]);
  });

  it('is built around the documents own IDs, so the README curls work unchanged', () => {
    const image = defaultWorld.images.find((i) => i.id === exampleIds.image_id);
    const member = Object.entries(defaultWorld.projects).find(([, p]) => p.id === exampleIds.member_id);
    expect(image, 'an image with the example image_id').toBeDefined();
    expect(member, 'a project with the example member_id').toBeDefined();
    expect(image!.members!.map((m) => m.project)).toContain(member![0]);
    expect(defaultWorld.any_token, 'any token acts as the example member').toBe(member![0]);
    const vaults = defaultWorld.images
      .filter((i) => i.full_ecs_by_cbr)
      .flatMap((i) => i.members!.flatMap((m) => m.vaults));
    expect(vaults).toContain(exampleIds.vault_id);
  });
});

// The member update's rows; the batch and job rows are test/sandbox-jobs.test.ts's.
const memberScenarios = scenarios.filter((s) => s.operation === undefined);

describe('the scenario table', () => {
  for (const scenario of memberScenarios) {
    it(`${scenario.name}: ${scenario.status} ${scenario.example}`, () => {
      const sandbox = createSandbox();
      const answer = sandbox.handle(scenario.request);
      expect(answer.status).toBe(scenario.status);
      expect(answer.headers['Content-Type']).toMatch(/^application\/json/);
      expect(contract.validateResponse(answer.status, answer.body, 'updateImageMemberStatus').violations).toEqual([]);
      const ids = idsOf(scenario.request.path);
      if (scenario.status === 200) {
        const sent = JSON.parse(scenario.request.body!);
        expect(answer.body).toMatchObject({ ...ids, status: sent.status });
        const {
          updated_at: _u,
          created_at: _c,
          ...fixed
        } = exampleOf(200, scenario.example).value as object as Record<string, unknown>;
        expect(answer.body).toMatchObject({ ...fixed, ...ids });
      } else expect(answer.body).toEqual(personalised(exampleOf(scenario.status, scenario.example).value, ids));
    });
  }

  it('reaches every example the spec declares, with no Prefer header', () => {
    const reached = new Set(memberScenarios.map((s) => `${s.status} ${s.example}`));
    // AK/SK refusals are signed requests: a signature covers the host a request is sent to, so no
    // static row can carry one; test/sandbox-aksk.test.ts reaches each of them by data instead.
    const signedOnly = new Set<string>(akskReasons);
    const declared = responseExamples.flatMap(({ status, examples }) =>
      Object.keys(examples)
        .filter((n) => !(status === 401 && signedOnly.has(n)))
        .map((n) => `${status} ${n}`),
    );
    expect(declared.filter((pair) => !reached.has(pair))).toEqual([]);
    expect(scenarios.flatMap((s) => Object.keys(s.request.headers)).filter((h) => /prefer/i.test(h))).toEqual([]);
  });

  it('lets a client watch its retries: 503 twice, then 200, and again every three calls', async () => {
    const sandbox = createSandbox();
    const scenario = scenarios.find((s) => s.name === 'service_unavailable_then_recovers')!;
    const statuses = Array.from({ length: 6 }, () => sandbox.handle(scenario.request).status);
    expect(statuses).toEqual([503, 503, 200, 503, 503, 200]);
    sandbox.reset();
    const attempts: number[] = [];
    const client = createImsClient({
      baseUrl: 'http://sandbox.test',
      token: 't',
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      fetch: async (request: Request) => {
        const response = await sandbox.fetch(request);
        attempts.push(response.status);
        return response;
      },
    });
    const { image_id, member_id } = idsOf(scenario.request.path);
    await expect(client.acceptSharedImage(image_id, member_id)).resolves.toMatchObject({ status: 'accepted' });
    expect(attempts).toEqual([503, 503, 200]);
  });
});

describe('behaviour over time (docs/sandbox.md)', () => {
  it('the member sets its own status: requested IDs, new status, created_at fixed, updated_at only on change', () => {
    const time = clock();
    const sandbox = createSandbox({ now: time.now });
    const first = sandbox.handle(put({ status: 'accepted' })).body as Record<string, string>;
    expect(first).toMatchObject({ status: 'accepted', updated_at: '2026-11-22T13:16:31Z', ...idsOf(put({}).path) });
    time.advance(5);
    const again = sandbox.handle(put({ status: 'accepted' })).body as Record<string, string>;
    expect(again.updated_at, 'same status: updated_at unchanged').toBe(first.updated_at);
    const rejected = sandbox.handle(put({ status: 'rejected' })).body as Record<string, string>;
    expect(rejected).toMatchObject({ status: 'rejected', updated_at: '2026-11-22T13:16:36Z' });
    expect(rejected.created_at).toBe(first.created_at);
    expect(sandbox.state().images[0]!.members[0]).toMatchObject({
      status: 'rejected',
      updated_at: rejected.updated_at,
    });
    sandbox.reset();
    expect(sandbox.state().images[0]!.members[0]!.status).toBe('pending');
  });

  it('answers with the IDs of the URL, not of the body, and matches image IDs in any case', () => {
    const sandbox = createSandbox();
    const upper = exampleIds.image_id.toUpperCase();
    const answer = sandbox.handle(put({ status: 'rejected' }, { image: upper }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ image_id: upper, member_id: exampleIds.member_id });
  });

  it('the owner gets 403 whether or not member_id is a member', () => {
    const sandbox = createSandbox();
    expect(sandbox.handle(put({ status: 'accepted' }, { token: 'owner-token' })).status).toBe(403);
    expect(sandbox.handle(put({ status: 'accepted' }, { token: 'owner-token', member: 'not-a-member' })).status).toBe(
      403,
    );
  });

  it('anyone else gets 404: a stranger, another member, an unknown or private image', () => {
    const sandbox = createSandbox();
    const stranger = defaultWorld.projects.stranger!.id;
    const other = defaultWorld.projects.other_member!.id;
    expect(sandbox.handle(put({ status: 'accepted' }, { token: 'stranger-token', member: stranger })).status).toBe(404);
    expect(sandbox.handle(put({ status: 'accepted' }, { token: 'stranger-token' })).status).toBe(404);
    expect(sandbox.handle(put({ status: 'accepted' }, { member: other })).status).toBe(404);
    expect(sandbox.handle(put({ status: 'accepted' }, { image: crypto.randomUUID() })).status).toBe(404);
    // The other member changes its own status; the first member's answer is untouched.
    expect(sandbox.handle(put({ status: 'rejected' }, { token: 'other-member-token', member: other })).status).toBe(
      200,
    );
  });

  it('a full-ECS image: accept needs a vault the member may use; reject needs none', () => {
    const sandbox = createSandbox();
    const image = defaultWorld.images.find((i) => i.full_ecs_by_cbr)!.id;
    expect(sandbox.handle(put({ status: 'accepted' }, { image })).status).toBe(400);
    expect(sandbox.handle(put({ status: 'accepted', vault_id: 'nope' }, { image })).body).toEqual(
      exampleOf(400, 'vault_unavailable').value,
    );
    expect(sandbox.handle(put({ status: 'rejected' }, { image })).status).toBe(200);
    expect(sandbox.handle(put({ status: 'accepted', vault_id: exampleIds.vault_id }, { image })).status).toBe(200);
  });

  it('no token or an empty one: 401 in the gateway shape; an unknown token is 401 when no project takes any token', () => {
    const sandbox = createSandbox();
    expect(sandbox.handle(put({ status: 'accepted' }, { token: null })).body).toEqual(
      exampleOf(401, 'token_missing').value,
    );
    expect(sandbox.handle(put({ status: 'accepted' }, { token: '' })).status).toBe(401);
    const { any_token: _dropped, ...strict } = defaultWorld;
    const closed = createSandbox({ world: strict });
    expect(closed.handle(put({ status: 'accepted' }, { token: 'who-knows' })).body).toEqual(
      exampleOf(401, 'token_invalid').value,
    );
    expect(closed.handle(put({ status: 'accepted' }, { token: 'member-token' })).status).toBe(200);
  });

  it('invalid requests: the spec 400 from the spec schemas, whatever the world says', () => {
    const sandbox = createSandbox();
    const bad = (request: SandboxRequest) => sandbox.handle(request).status;
    expect(bad(put({ status: 'accepted', vault_id: '' }))).toBe(400);
    expect(bad(put({ status: 'rejected', vault_id: 'v' }))).toBe(400);
    expect(bad(put([]))).toBe(400);
    expect(bad(put('{"status":'))).toBe(400);
    expect(bad(put({ status: 'accepted' }, { image: 'not-a-uuid' }))).toBe(400);
    expect(bad({ ...put({ status: 'accepted' }), headers: { [authHeader]: 't', 'Content-Type': 'text/plain' } })).toBe(
      400,
    );
    expect(bad({ ...put({ status: 'accepted' }), method: 'PATCH' })).toBe(405);
  });

  it('the client reads vault_id_required from the sandbox answer and recovers with a vault', async () => {
    const sandbox = createSandbox();
    const ims = createImsClient({ baseUrl: 'http://sandbox.test', token: 't', retry: false, fetch: sandbox.fetch });
    const image = defaultWorld.images.find((i) => i.full_ecs_by_cbr)!.id;
    const error = await ims.acceptSharedImage(image, exampleIds.member_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImsApiError);
    expect((error as ImsApiError).reason).toBe('vault_id_required');
    await expect(
      ims.acceptSharedImage(image, exampleIds.member_id, { vaultId: exampleIds.vault_id }),
    ).resolves.toMatchObject({ status: 'accepted', image_id: image });
  });

  it('the control surface: state and reset', () => {
    const sandbox = createSandbox();
    sandbox.handle(put({ status: 'rejected' }));
    const state = sandbox.handle({ method: 'GET', path: '/__sandbox/state' });
    expect((state.body as ReturnType<typeof sandbox.state>).images[0]!.members[0]!.status).toBe('rejected');
    expect(sandbox.handle({ method: 'POST', path: '/__sandbox/reset' }).status).toBe(200);
    expect(sandbox.state().images[0]!.members[0]!.status).toBe('pending');
    expect(sandbox.handle({ method: 'GET', path: '/__sandbox/nothing' }).status).toBe(404);
  });
});

describe('a bad world is refused with JSON path and rule', () => {
  const cases: [string, unknown, { path: string; rule: string }][] = [
    ['not an object', [], { path: '$', rule: 'type' }],
    ['no images', { projects: { a: { id: 'p' } } }, { path: '$', rule: 'required' }],
    [
      'unknown field',
      { ...defaultWorld, images: [{ ...defaultWorld.images[0]!, colour: 'red' }] },
      { path: '$.images[0]', rule: 'additionalProperties' },
    ],
    [
      'owner not a project',
      { ...defaultWorld, images: [{ ...defaultWorld.images[0]!, owner: 'nobody' }] },
      { path: '$.images[0].owner', rule: 'reference' },
    ],
    [
      'image ID the spec refuses',
      { ...defaultWorld, images: [{ ...defaultWorld.images[0]!, id: 'd164b5df' }] },
      { path: '$.images[0].id', rule: 'pattern' },
    ],
    [
      'member ID with a slash',
      { ...defaultWorld, projects: { ...defaultWorld.projects, member: { id: 'a/b' } } },
      { path: '$.projects.member.id', rule: 'pattern' },
    ],
    [
      'example the spec lacks',
      {
        ...defaultWorld,
        scenarios: [{ name: 'x', summary: 's', request: {}, answer: { status: 404, example: 'gone' } }],
      },
      { path: '$.scenarios[0].answer.example', rule: 'example' },
    ],
    ['bad time', { ...defaultWorld, any_token: 'Member' }, { path: '$.any_token', rule: 'pattern' }],
  ];
  for (const [label, world, problem] of cases)
    it(label, () => {
      const problems = checkWorld(world);
      expect(problems).toContainEqual(expect.objectContaining(problem));
      expect(() => createSandbox({ world: world as World })).toThrow(WorldError);
    });
});

describe('npm start -- --world FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ims-world-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad world: file, JSON path and rule, exit 2, nothing served', async () => {
    const file = join(dir, 'bad-world.yaml');
    writeFileSync(file, `projects:\n  me: { id: abc }\nimages:\n  - id: ${exampleIds.image_id}\n    owner: you\n`);
    const result = await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/sandbox.ts'), '--world', file],
      { cwd: root, env: { ...process.env, PORT: '1' } },
    ).then(
      () => ({ code: 0, stderr: '', stdout: '' }),
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: $.images[0].owner must be one of the projects: me (rule: reference)`);
    expect(result.stderr).toContain('Nothing is served.');
    expect(result.stdout).not.toMatch(/ready/);
  });
});

describe('the world example of docs/sandbox.md', () => {
  it('is a world the sandbox loads, and behaves as described', () => {
    const doc = readFileSync(join(root, 'docs/sandbox.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## The world file'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const world = parseYaml(yaml) as World;
    expect(checkWorld(world)).toEqual([]);
    const sandbox = createSandbox({ world });
    const image = world.images[0]!.id;
    const me = world.projects.me!.id;
    expect(sandbox.handle(put({ status: 'accepted' }, { image, member: me, token: 'my-token' })).status).toBe(400);
    const withVault = put({ status: 'accepted', vault_id: 'my-vault' }, { image, member: me, token: 'anything' });
    expect(sandbox.handle(withVault).status).toBe(200);
    // No scenarios of its own: the default table's triggers, and only those, still apply.
    expect(sandbox.scenarios.length).toBeGreaterThan(0);
    expect(sandbox.scenarios.every((row) => row.trigger)).toBe(true);
    const outage = sandbox.scenarios.find((row) => row.status === 500)!;
    expect(sandbox.handle(outage.request).status).toBe(500);
    expect(checkWorld({ ...world, images: [{ ...world.images[0]!, owner: 'nobody' }] })[0]!.message).toBe(
      '$.images[0].owner must be one of the projects: me, them',
    );
  });
});

describe('the trigger table of docs/sandbox.md', () => {
  it('is the scenario table of openapi/sandbox/world.yaml, row for row', () => {
    const lines = readFileSync(join(root, 'docs/sandbox.md'), 'utf8').split('\n');
    const rendered = renderTriggerTable();
    const start = lines.indexOf(rendered.split('\n')[0]!);
    const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
    const inReadme = start < 0 ? '(no trigger table)' : lines.slice(start, end).join('\n');
    expect(inReadme, 'docs/sandbox.md must hold the table rendered from world.yaml').toBe(rendered);
  });
});
