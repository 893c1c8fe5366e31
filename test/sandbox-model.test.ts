// Model-based test of the sandbox (fast-check `commands`): random sequences of accept, reject,
// repeats, the owner, a stranger, another member's ID, a private and an unknown image, full-ECS calls (with
// a good, a foreign or no vault), bad bodies judged in Glance's order (shape, then caller, then
// value), with the clock moving between them, run against the in-process
// sandbox and against a tiny reference model. After every call: the status equals the model's,
// the answer is valid against the spec, and a 200 carries the requested IDs, the new status,
// the unchanged created_at and an updated_at that moved only if the status did.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, operationRules } from '../generated/contract.js';
import { createSandbox, defaultWorld, type Sandbox } from '../src/sandbox/index.js';
import { createContractValidator } from '../src/validate.js';

const contract = createContractValidator();
const { path: template, method } = operationRules.updateImageMemberStatus;
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261122 : undefined;

// The cast of the default world, found by role rather than by ID.
const projects = defaultWorld.projects;
const nameOf = (id: string) => Object.entries(projects).find(([, p]) => p.id === id)![0];
const plainImage = defaultWorld.images.find((i) => i.id === exampleIds.image_id)!;
const fullEcsImage = defaultWorld.images.find((i) => i.full_ecs_by_cbr)!;
const privateImage = defaultWorld.images.find((i) => i.visibility === 'private')!;
const member = nameOf(exampleIds.member_id);
const otherMember = plainImage.members!.find((m) => m.project !== member)!.project;
const stranger = Object.keys(projects).find(
  (name) => name !== plainImage.owner && !plainImage.members!.some((m) => m.project === name),
)!;
const tokenOf = (name: string) => projects[name]!.tokens![0]!;
const goodVault = fullEcsImage.members!.find((m) => m.project === member)!.vaults![0]!;

type Status = 'accepted' | 'rejected';
interface Entry {
  status: string;
  created_at: string;
  updated_at: string;
}
/** The reference model: each (image, project) member's status and times, and the clock. */
interface Model {
  members: Map<string, Entry>;
  now: number;
}
interface Real {
  sandbox: Sandbox;
  clock: { now: number };
}

const key = (image: string, project: string) => `${image.toLowerCase()}|${project}`;
const serviceTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function initialModel(now: number): Model {
  const members = new Map<string, Entry>();
  for (const image of defaultWorld.images)
    for (const m of image.members ?? [])
      members.set(key(image.id, m.project), {
        status: m.status ?? 'pending',
        created_at: m.created_at,
        updated_at: m.updated_at ?? m.created_at,
      });
  return { members, now };
}

/** One call: who calls (token), on which image and member ID, with which body; and what the model expects. */
class Call implements fc.Command<Model, Real> {
  constructor(
    readonly label: string,
    readonly token: string,
    readonly image: string,
    readonly memberId: string,
    /** A body for the update, or the exact text of a bad one. */
    readonly body: { status: Status; vault_id?: string } | { text: string },
    /** The status the reference model expects; for 200, the member entry it updates. */
    readonly expect: (model: Model) => { status: number; entry?: string },
  ) {}
  check() {
    return true;
  }
  run(model: Model, real: Real) {
    const expected = this.expect(model);
    const answer = real.sandbox.handle({
      method,
      path: expandPath(template, { image_id: this.image, member_id: this.memberId }),
      // JSON asked for, as the project's client asks (Glance-shaped errors are otherwise text).
      headers: { [authHeader]: this.token, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: 'text' in this.body ? this.body.text : JSON.stringify(this.body),
    });
    expect(answer.status, this.toString()).toBe(expected.status);
    expect(contract.validateResponse(answer.status, answer.body, 'updateImageMemberStatus').violations).toEqual([]);
    if (expected.status !== 200 || 'text' in this.body) return;
    const entry = model.members.get(expected.entry!)!;
    if (entry.status !== this.body.status) {
      entry.status = this.body.status;
      entry.updated_at = serviceTime(model.now);
    }
    expect(answer.body).toEqual({
      status: this.body.status,
      created_at: entry.created_at,
      updated_at: entry.updated_at,
      image_id: this.image,
      member_id: this.memberId,
      schema: expect.any(String),
    });
  }
  toString() {
    return `${this.label}(${JSON.stringify(this.body)})`;
  }
}

class Tick implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check() {
    return true;
  }
  run(model: Model, real: Real) {
    model.now += this.ms;
    real.clock.now += this.ms;
  }
  toString() {
    return `tick(${this.ms} ms)`;
  }
}

const status = fc.constantFrom<Status>('accepted', 'rejected');
const memberCall = (project: string, image: string) => (m: Model) =>
  m.members.has(key(image, project)) ? { status: 200, entry: key(image, project) } : { status: 404 };

const commands = [
  // The member on the plain image, any status, often the one it already has (a repeat).
  status.map(
    (s) =>
      new Call(
        'member',
        tokenOf(member),
        plainImage.id,
        projects[member]!.id,
        { status: s },
        memberCall(member, plainImage.id),
      ),
  ),
  // A token the world does not know acts as the member (any_token).
  fc
    .tuple(status, fc.stringMatching(/^[a-z]{8,16}$/))
    .map(
      ([s, token]) =>
        new Call(
          'any token',
          `anon-${token}`,
          plainImage.id,
          projects[member]!.id,
          { status: s },
          memberCall(member, plainImage.id),
        ),
    ),
  // The other member, on its own entry: independent of the first.
  status.map(
    (s) =>
      new Call(
        'other member',
        tokenOf(otherMember),
        plainImage.id,
        projects[otherMember]!.id,
        { status: s },
        memberCall(otherMember, plainImage.id),
      ),
  ),
  // The owner: 403 whatever member_id it names.
  fc
    .tuple(status, fc.constantFrom(projects[member]!.id, projects[stranger]!.id))
    .map(
      ([s, id]) =>
        new Call('owner', tokenOf(plainImage.owner), plainImage.id, id, { status: s }, () => ({ status: 403 })),
    ),
  // A stranger, on its own ID or the member's: 404.
  fc
    .tuple(status, fc.constantFrom(projects[member]!.id, projects[stranger]!.id))
    .map(
      ([s, id]) => new Call('stranger', tokenOf(stranger), plainImage.id, id, { status: s }, () => ({ status: 404 })),
    ),
  // The member naming the other member's ID: 404.
  status.map(
    (s) =>
      new Call('member as other', tokenOf(member), plainImage.id, projects[otherMember]!.id, { status: s }, () => ({
        status: 404,
      })),
  ),
  // An image shared with the member, then made private: 404 as if it did not exist.
  status.map(
    (s) =>
      new Call('private image', tokenOf(member), privateImage.id, projects[member]!.id, { status: s }, () => ({
        status: 404,
      })),
  ),
  // An image the world does not have.
  fc
    .tuple(status, fc.uuid())
    .map(
      ([s, image]) =>
        new Call('unknown image', tokenOf(member), image, projects[member]!.id, { status: s }, () => ({ status: 404 })),
    ),
  // The full-ECS image: accept with the member's vault, a foreign one, or none; reject needs none.
  fc
    .constantFrom<[string, { status: Status; vault_id?: string }, number]>(
      ['full-ECS accept, own vault', { status: 'accepted', vault_id: goodVault }, 200],
      ['full-ECS accept, foreign vault', { status: 'accepted', vault_id: `${goodVault}-not-mine` }, 400],
      ['full-ECS accept, no vault', { status: 'accepted' }, 400],
      ['full-ECS reject', { status: 'rejected' }, 200],
    )
    .map(
      ([label, body, expected]) =>
        new Call(label, tokenOf(member), fullEcsImage.id, projects[member]!.id, body, (m) =>
          expected === 200 ? memberCall(member, fullEcsImage.id)(m) : { status: expected },
        ),
    ),
  // Bad bodies from each kind of caller. The model judges in Glance's order: a body of the wrong
  // shape is 400 for anyone; otherwise the caller comes first (owner 403, stranger or private image
  // 404), and only the member hears that the status value is wrong (400).
  fc
    .tuple(
      fc.constantFrom(
        { kind: 'shape', text: '{}' },
        { kind: 'shape', text: '[]' },
        { kind: 'shape', text: '{"status"' },
        { kind: 'shape', text: '' },
        { kind: 'value', text: '{"status":"ACCEPTED"}' },
        { kind: 'value', text: '{"status":5}' },
        { kind: 'value', text: '{"status":null}' },
        { kind: 'value', text: '{"status":"pending"}' },
      ),
      fc.constantFrom<[string, string, string, number]>(
        ['member', tokenOf(member), plainImage.id, 400],
        ['owner', tokenOf(plainImage.owner), plainImage.id, 403],
        ['stranger', tokenOf(stranger), plainImage.id, 404],
        ['member, private image', tokenOf(member), privateImage.id, 404],
      ),
    )
    .map(
      ([bad, [who, token, image, byCaller]]) =>
        new Call(`${who}, bad ${bad.kind}`, token, image, projects[member]!.id, { text: bad.text }, () => ({
          status: bad.kind === 'shape' ? 400 : byCaller,
        })),
    ),
  // Time passes: within the same second, or a few seconds on.
  fc.integer({ min: 0, max: 2500 }).map((ms) => new Tick(ms)),
];

describe('the sandbox against a reference model', () => {
  it('agrees on every status, body and time over random call sequences', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        const start = Date.parse('2026-11-22T13:16:31Z');
        const clock = { now: start };
        const real: Real = { sandbox: createSandbox({ now: () => new Date(clock.now) }), clock };
        const model = initialModel(start);
        fc.modelRun(() => ({ model, real }), cmds);
        // The sandbox's own state agrees with the model at the end.
        for (const image of real.sandbox.state().images)
          for (const m of image.members) expect(m).toMatchObject(model.members.get(key(image.id, m.project))!);
      }),
      { numRuns: 150, ...(seed === undefined ? {} : { seed }) },
    );
  });
});
