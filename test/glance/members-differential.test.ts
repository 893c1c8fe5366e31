// The owner's side of sharing held to a real OpenStack Glance: generated sequences of the Glance v2
// member calls (add, list, show, delete, and the member's update), from the owner, the members and
// a stranger, sent to Glance and to the sandbox with the same world. Each sequence works on an
// image created for it in Glance (shared, no member yet), so both sides start with no history;
// the fixtures' images (shared, made private, private, unknown) are only read, or refused.
// Both sides must agree on the status, on the reason of each error (`reasonOf`), and on each
// member they show; the divergences the contract makes on purpose are the second table of
// docs/glance.md, each asserted by its own test below and never sent by the generator.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, expandPath, operationRules, reasonOf } from '../../generated/contract.js';
import { createGlanceWorld, type GlanceWorld, type ProjectName } from '../../scripts/glance/fixtures.js';
import { type IdentityProxy, startIdentityProxy } from '../../scripts/glance/identity-proxy.js';
import type { World } from '../../src/sandbox/index.js';
import { glanceUrl, startSandboxTarget } from './harness.js';

const seed = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : process.env.CI
    ? 20261203
    : Math.floor(Math.random() * 2 ** 31);
const SEQUENCES = 12;
const MIN_CALLS = 300;
const jsonType = 'application/json';

type Operation =
  | 'addImageMember'
  | 'listImageMembers'
  | 'showImageMember'
  | 'deleteImageMember'
  | 'updateImageMemberStatus';
type Caller = ProjectName | 'none';
/** `fresh` is the sequence's own image; the others are the fixtures'. */
type Image = 'fresh' | 'shared' | 'made_private' | 'private' | 'unknown';
/** What an add sends: a project, or a body of the wrong shape (Glance judges those first). */
type AddBody = 'member' | 'empty' | 'not_json' | 'no_member' | 'empty_member' | 'array' | 'string';
interface Call {
  operation: Operation;
  caller: Caller;
  image: Image;
  /** The project the call names: the member to add, read, delete or update. */
  target: ProjectName;
  add: AddBody;
  status: 'accepted' | 'rejected';
}

const addBodies: Record<AddBody, (member: string) => string> = {
  member: (member) => JSON.stringify({ member }),
  empty: () => '',
  not_json: () => '{"member":',
  no_member: () => '{}',
  empty_member: () => '{"member":""}',
  array: (member) => JSON.stringify([member]),
  string: (member) => JSON.stringify(member),
};

let proxy: IdentityProxy;
let glance: GlanceWorld;
let sandbox: Awaited<ReturnType<typeof startSandboxTarget>>;

beforeAll(async () => {
  console.log(`glance member calls: fast-check seed ${seed} (replay with FC_SEED=${seed} npm run test:glance)`);
  proxy = await startIdentityProxy(glanceUrl());
  glance = await createGlanceWorld(proxy);
  sandbox = await startSandboxTarget(glance.world);
});
afterAll(async () => {
  await sandbox?.close();
  await proxy?.close();
});

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
interface Answer {
  status: number;
  body: unknown;
  text: string;
}

async function send(baseUrl: string, request: Sent): Promise<Answer> {
  const answer = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await answer.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text (a 204's empty body)
  }
  return { status: answer.status, body, text };
}

/** A new image in Glance for one sequence, and the sandbox's world with it. */
async function freshImage(): Promise<{ id: string; world: World }> {
  const imagesPath = operationRules.addImageMember.path.replace(/\/\{image_id\}\/members$/, '');
  const created = await send(proxy.url, {
    method: 'POST',
    path: imagesPath,
    headers: { [authHeader]: glance.tokens.owner, Accept: jsonType, 'Content-Type': jsonType },
    body: JSON.stringify({
      name: 'ims-members-differential',
      visibility: 'shared',
      disk_format: 'raw',
      container_format: 'bare',
    }),
  });
  if (created.status !== 201) throw new Error(`creating an image in Glance: ${created.status} ${created.text}`);
  const id = (created.body as { id: string }).id;
  const world = structuredClone(glance.world);
  world.images.push({ id, owner: 'owner', members: [] });
  return { id, world };
}

function requestOf(call: Call, fresh: string): Sent {
  const rules = operationRules[call.operation];
  const image_id = call.image === 'fresh' ? fresh : glance.images[call.image];
  const member_id = glance.projects[call.target];
  const headers: Record<string, string> = { Accept: jsonType };
  if (call.caller !== 'none') headers[authHeader] = glance.tokens[call.caller];
  let body: string | undefined;
  if (call.operation === 'addImageMember') body = addBodies[call.add](member_id);
  if (call.operation === 'updateImageMemberStatus') body = JSON.stringify({ status: call.status });
  if (body !== undefined) headers['Content-Type'] = jsonType;
  return {
    method: rules.method,
    path: expandPath(rules.path, { image_id, member_id }),
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

const label = (c: Call) =>
  `${c.caller === 'none' ? 'no token' : c.caller} ${c.operation} ${c.image} image, ${c.target}` +
  (c.operation === 'addImageMember' && c.add !== 'member' ? ` (${c.add} body)` : '') +
  (c.operation === 'updateImageMemberStatus' ? ` ${c.status}` : '');

type Member = {
  status: string;
  created_at: string;
  updated_at: string;
  image_id: string;
  member_id: string;
  schema: string;
};
const second = (time: string) => Date.parse(time) / 1000;

/** What both must agree on for one call; returns the problems, and what each side said. */
function compare(call: Call, g: Answer, s: Answer, firstSeen: Map<string, [string, string]>) {
  const problems: string[] = [];
  if (g.status !== s.status) return { problems: ['statuses differ'], reasons: undefined };
  let reasons: [string | undefined, string | undefined] | undefined;
  if (g.status >= 400) {
    reasons = [reasonOf(call.operation, g.status, g.body), reasonOf(call.operation, s.status, s.body)];
    // Glance says one text for no token and an unknown one: the table's member_no_token_reason.
    const noToken = call.caller === 'none' && reasons.join() === 'token_invalid,token_missing';
    if (reasons[0] !== reasons[1] && !noToken)
      problems.push(`reasons differ: Glance ${reasons[0]}, sandbox ${reasons[1]}`);
    if (reasons[0] === undefined) problems.push(`Glance's answer has no reason in the spec: ${g.text.slice(0, 120)}`);
  } else if (g.status === 204) {
    if (g.text !== '' || s.text !== '') problems.push('a 204 with a body');
  } else {
    const members = (a: Answer) =>
      ((a.body as { members?: Member[] }).members ?? [a.body as Member])
        .slice()
        .sort((x, y) => (x.member_id < y.member_id ? -1 : 1));
    const [gm, sm] = [members(g), members(s)];
    if (call.operation === 'listImageMembers') {
      const [gs, ss] = [(g.body as { schema: string }).schema, (s.body as { schema: string }).schema];
      if (gs !== ss) problems.push(`list schema: Glance ${gs}, sandbox ${ss}`);
    }
    const brief = (m: Member[]) => m.map((x) => `${x.member_id}:${x.status}`).join(',');
    if (brief(gm) !== brief(sm)) problems.push(`members differ: Glance ${brief(gm)}, sandbox ${brief(sm)}`);
    for (const [i, gx] of gm.entries()) {
      const sx = sm[i];
      if (!sx) break;
      const [gk, sk] = [Object.keys(gx).sort().join(), Object.keys(sx).sort().join()];
      if (gk !== sk) problems.push(`fields differ: Glance ${gk}, sandbox ${sk}`);
      if (gx.image_id !== sx.image_id || gx.schema !== sx.schema) problems.push('image_id or schema differ');
      // Both times are each side's clock at the call: the same second, give or take the one the
      // call straddled; and a membership's created_at never moves on either side.
      for (const field of ['created_at', 'updated_at'] as const)
        if (Math.abs(second(gx[field]) - second(sx[field])) > 1)
          problems.push(`${field}: Glance ${gx[field]}, sandbox ${sx[field]}`);
      // By image and member: the fixtures' images have memberships of the same projects.
      const key = `${gx.image_id} ${gx.member_id}`;
      const first = firstSeen.get(key);
      if (first && (first[0] !== gx.created_at || first[1] !== sx.created_at))
        problems.push(
          `created_at of ${gx.member_id} moved: Glance ${first[0]} -> ${gx.created_at}, sandbox ${first[1]} -> ${sx.created_at}`,
        );
      if (!first) firstSeen.set(key, [gx.created_at, sx.created_at]);
    }
  }
  return { problems, reasons };
}

interface Outcome {
  call: Call;
  glance: number;
  sandbox: number;
  problems: string[];
  reasons?: [string | undefined, string | undefined];
}

async function runSequence(calls: Call[], record: (o: Outcome) => void, strict: boolean) {
  const { id, world } = await freshImage();
  sandbox.load(world);
  const firstSeen = new Map<string, [string, string]>();
  for (const call of calls) {
    const request = requestOf(call, id);
    const [g, s] = await Promise.all([send(proxy.url, request), send(sandbox.url, request)]);
    // A deleted membership starts again: Glance keeps its first created_at, and so does the sandbox.
    const { problems, reasons } = compare(call, g, s, firstSeen);
    record({ call, glance: g.status, sandbox: s.status, problems, ...(reasons ? { reasons } : {}) });
    if (strict && problems.length)
      throw new Error(`${label(call)}: Glance ${g.status}, sandbox ${s.status}: ${problems.join('; ')}`);
  }
}

// The generator: the owner and the sequence's own image most often, so that members come and go;
// the mutating calls only there (the fixtures' images are read, or refused).
const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  { arbitrary: fc.constant('owner' as const), weight: 6 },
  { arbitrary: fc.constantFrom('member' as const, 'other_member' as const), weight: 5 },
  { arbitrary: fc.constant('stranger' as const), weight: 2 },
  { arbitrary: fc.constant('none' as const), weight: 1 },
);
const targetArb = fc.constantFrom<ProjectName>('member', 'other_member', 'stranger');
const callArb: fc.Arbitrary<Call> = fc
  .record({
    operation: fc.oneof(
      { arbitrary: fc.constant<Operation>('addImageMember'), weight: 5 },
      { arbitrary: fc.constantFrom<Operation>('listImageMembers', 'showImageMember'), weight: 4 },
      { arbitrary: fc.constant<Operation>('deleteImageMember'), weight: 2 },
      { arbitrary: fc.constant<Operation>('updateImageMemberStatus'), weight: 3 },
    ),
    caller: callerArb,
    image: fc.oneof(
      { arbitrary: fc.constant<Image>('fresh'), weight: 8 },
      { arbitrary: fc.constantFrom<Image>('shared', 'made_private', 'private', 'unknown'), weight: 3 },
    ),
    target: targetArb,
    add: fc.oneof(
      { arbitrary: fc.constant<AddBody>('member'), weight: 8 },
      {
        arbitrary: fc.constantFrom<AddBody>('empty', 'not_json', 'no_member', 'empty_member', 'array', 'string'),
        weight: 2,
      },
    ),
    status: fc.constantFrom('accepted' as const, 'rejected' as const),
  })
  // On the fixtures' images only what changes nothing there: reads, and the calls their caller may not make.
  .filter(
    (c) =>
      c.image === 'fresh' ||
      c.operation === 'listImageMembers' ||
      c.operation === 'showImageMember' ||
      c.caller !== 'owner',
  )
  .filter((c) => c.image === 'fresh' || c.operation !== 'updateImageMemberStatus' || c.caller !== c.target);
const sequences = fc.array(callArb, { minLength: 20, maxLength: 40 });

/** The divergence table of member calls in docs/glance.md (the second table). */
function memberTable() {
  const text = readDocs();
  const head = '| member case | call | applies to | Glance | sandbox | why |';
  const start = text.indexOf(head);
  if (start < 0) throw new Error(`docs/glance.md has no table of member-call divergences (${head})`);
  const rows = new Map<string, { glance: number; sandbox: number }>();
  for (const line of text.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [name, , , g, s] = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
    rows.set(name!.replace(/`/g, ''), { glance: Number.parseInt(g!, 10), sandbox: Number.parseInt(s!, 10) });
  }
  return rows;
}
const readDocs = () => readFileSync(join(import.meta.dirname, '../../docs/glance.md'), 'utf8');

const tally = (values: string[]) => {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
};

describe('the member calls against a real Glance', () => {
  const table = memberTable();
  const row = (name: string) => {
    const found = table.get(name);
    if (!found) throw new Error(`docs/glance.md: no member case ${name}`);
    return found;
  };
  /** One add by the owner on a fresh image, to both sides. */
  async function addOnce(member: string) {
    const { id, world } = await freshImage();
    sandbox.load(world);
    const request: Sent = {
      method: 'POST',
      path: expandPath(operationRules.addImageMember.path, { image_id: id }),
      headers: { [authHeader]: glance.tokens.owner, Accept: jsonType, 'Content-Type': jsonType },
      body: typeof member === 'string' && member.startsWith('{') ? member : JSON.stringify({ member }),
    };
    return Promise.all([send(proxy.url, request), send(sandbox.url, request)]);
  }

  it('the table holds exactly the cases tested here', () => {
    expect([...table.keys()].sort()).toEqual(
      [
        'member_not_string',
        'member_too_long',
        'share_with_self',
        'tenant_not_found',
        'member_limit',
        'member_no_token_reason',
      ].sort(),
    );
  });

  it('divergence member_not_string: Glance stores {"member": 5}, the contract refuses it', async () => {
    const [g, s] = await addOnce('{"member":5}');
    expect([g.status, s.status]).toEqual([row('member_not_string').glance, row('member_not_string').sandbox]);
    expect((g.body as { member_id: unknown }).member_id).toBe(5);
    expect(reasonOf('addImageMember', s.status, s.body)).toBe('member_invalid');
  });

  it('divergence member_too_long: Glance stores 256 characters, the contract allows 255', async () => {
    const [g, s] = await addOnce('a'.repeat(256));
    expect([g.status, s.status]).toEqual([row('member_too_long').glance, row('member_too_long').sandbox]);
    expect(reasonOf('addImageMember', s.status, s.body)).toBe('member_invalid');
  });

  it('divergence share_with_self: Glance lets the owner add its own project, IMS does not', async () => {
    const [g, s] = await addOnce(glance.projects.owner);
    expect([g.status, s.status]).toEqual([row('share_with_self').glance, row('share_with_self').sandbox]);
    expect(reasonOf('addImageMember', s.status, s.body)).toBe('share_with_self');
  });

  it('divergence tenant_not_found: Glance takes any project ID, the sandbox only its world’s', async () => {
    const [g, s] = await addOnce(randomBytes(16).toString('hex'));
    expect([g.status, s.status]).toEqual([row('tenant_not_found').glance, row('tenant_not_found').sandbox]);
    expect(reasonOf('addImageMember', s.status, s.body)).toBe('tenant_not_found');
  });

  it("divergence member_limit: Glance's default quota refuses the 129th member (413), Huawei's 256 does not", async () => {
    const { id, world } = await freshImage();
    const projects = Array.from({ length: 129 }, () => randomBytes(16).toString('hex'));
    for (const [i, project] of projects.entries()) world.projects[`quota_${i}`] = { id: project };
    sandbox.load(world);
    const add = (member: string): Sent => ({
      method: 'POST',
      path: expandPath(operationRules.addImageMember.path, { image_id: id }),
      headers: { [authHeader]: glance.tokens.owner, Accept: jsonType, 'Content-Type': jsonType },
      body: JSON.stringify({ member }),
    });
    for (const project of projects.slice(0, 128)) {
      const [g, s] = await Promise.all([send(proxy.url, add(project)), send(sandbox.url, add(project))]);
      expect([g.status, s.status]).toEqual([200, 200]);
    }
    const [g, s] = await Promise.all([send(proxy.url, add(projects[128]!)), send(sandbox.url, add(projects[128]!))]);
    expect([g.status, s.status]).toEqual([row('member_limit').glance, row('member_limit').sandbox]);
    // Glance's words are the spec's 413 example's, with its own maximum.
    expect((g.body as { message: string }).message).toContain('Image member limit exceeded for image');
    expect(reasonOf('addImageMember', 413, g.body)).toBe('member_limit_exceeded');
  });

  it('divergence member_no_token_reason: 401 on both, read as token_invalid (Glance) and token_missing (sandbox)', async () => {
    const { id, world } = await freshImage();
    sandbox.load(world);
    const request = requestOf(
      {
        operation: 'listImageMembers',
        caller: 'none',
        image: 'fresh',
        target: 'member',
        add: 'member',
        status: 'accepted',
      },
      id,
    );
    const [g, s] = await Promise.all([send(proxy.url, request), send(sandbox.url, request)]);
    expect([g.status, s.status]).toEqual([row('member_no_token_reason').glance, row('member_no_token_reason').sandbox]);
    expect([reasonOf('listImageMembers', g.status, g.body), reasonOf('listImageMembers', s.status, s.body)]).toEqual([
      'token_invalid',
      'token_missing',
    ]);
  });

  it('the member list schema: the same document from both', async () => {
    const request: Sent = {
      method: 'GET',
      path: operationRules.showMembersSchema.path,
      headers: { [authHeader]: glance.tokens.stranger, Accept: jsonType },
    };
    const [g, s] = await Promise.all([send(proxy.url, request), send(sandbox.url, request)]);
    expect(g.status).toBe(200);
    expect(s.body).toEqual(g.body);
  });

  let census: Outcome[] = [];
  it(`generated owner and member sequences (at least ${MIN_CALLS} calls): both agree on status, reason and members`, async () => {
    const started = Date.now();
    census = [];
    for (const calls of fc.sample(sequences, { seed, numRuns: SEQUENCES }))
      await runSequence(calls, (o) => census.push(o), false);
    const byOperation = tally(census.map((o) => `${o.call.operation} ${o.glance}`));
    const reasonPairs = tally(
      census.filter((o) => o.reasons).map((o) => `${o.glance} ${o.reasons![0]}/${o.reasons![1]}`),
    );
    const differences = tally(
      census
        .filter((o) => o.problems.length)
        .map((o) => `${label(o.call)}: Glance ${o.glance}, sandbox ${o.sandbox}: ${o.problems.join('; ')}`),
    );
    console.log(
      `glance member calls: ${census.length} calls in ${SEQUENCES} sequences, ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${census.filter((o) => !o.problems.length).length} agree; by operation and Glance's status ${JSON.stringify(byOperation)}; ` +
        `reasons ${JSON.stringify(reasonPairs)}`,
    );
    expect(census.length).toBeGreaterThanOrEqual(MIN_CALLS);
    // Every kind of answer of every call is exercised, or agreeing would prove little.
    for (const expected of [
      'addImageMember 200',
      'addImageMember 400',
      'addImageMember 403',
      'addImageMember 404',
      'addImageMember 409',
      'listImageMembers 200',
      'listImageMembers 403',
      'listImageMembers 404',
      'showImageMember 200',
      'showImageMember 404',
      'deleteImageMember 204',
      'deleteImageMember 403',
      'deleteImageMember 404',
      'updateImageMemberStatus 200',
    ])
      expect(byOperation[expected], expected).toBeGreaterThan(0);
    expect(differences).toEqual({});
  });

  it('the same sequences as a fast-check property: a difference fails with the shortest sequence showing it', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, (calls) => runSequence(calls, () => {}, true)),
      { seed, numRuns: SEQUENCES, endOnFailure: false },
    );
  });
});
