// Model-based test of the owner's member jobs (fast-check `commands`) on an injected clock: random
// sequences of batch adds and deletes by the owner (any mix of its shared image, its full-ECS
// image from CBR, its public image, another tenant's image and an unknown one, for any of three
// projects), polls of the job, the v1 member list, accepts by the members, and time passing. A
// small reference model, written apart from the sandbox, says for every poll the job's status,
// error and per-step results, and for every list the members, their order, statuses and times,
// with each job applying each image-and-project step when it reaches it (image by image, evenly
// over its running time, in time order across jobs) under Huawei's rules and the world's limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, type OperationId, operationRules } from '../generated/contract.js';
import { examplesOf } from '../src/sandbox/answers.js';
import { createSandbox, defaultWorld, type Sandbox, type World } from '../src/sandbox/index.js';
import { answerViolations } from './support/operation-answers.js';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261203 : undefined;
const INIT = defaultWorld.job_timing!.init_ms!;
const RUN = defaultWorld.job_timing!.running_ms!;
/** Small limits, so that random sequences reach them. */
const LIMITS = { disk: 2, full_ecs: 2 };
const world: World = { ...defaultWorld, share_limits: LIMITS };
const projects = defaultWorld.projects;
const names = ['member', 'other_member', 'stranger'] as const;
type Name = (typeof names)[number];
const ownerToken = projects.owner!.tokens![0]!;
const ownerId = projects.owner!.id;
const find = (test: (i: World['images'][number]) => boolean) => defaultWorld.images.find(test)!;
const pool = {
  plain: find((i) => i.id === exampleIds.image_id).id,
  cbr: find((i) => i.full_ecs_by_cbr === true).id,
  public: find((i) => i.visibility === 'public').id,
  strangers: find((i) => i.owner === 'stranger').id,
  unknown: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918',
};
const error = (status: number, name: string) =>
  (examplesOf('batchAddImageMembers')[status]![name]!.value as { error: { code: string; message: string } }).error;

interface ModelMember {
  project: string;
  status: string;
  created_at: string;
  updated_at: string;
}
interface Step {
  image: string;
  project: Name;
}
interface Result {
  image_id: string;
  project_id: string;
  status: 'SUCCESS' | 'FAIL';
  error?: { code: string; message: string };
}
interface ModelJob {
  id: string;
  kind: 'add' | 'delete';
  steps: Step[];
  submitted: number;
  results: Result[];
}
interface Model {
  now: number;
  members: Map<string, ModelMember[]>;
  jobs: ModelJob[];
}
interface Real {
  sandbox: Sandbox;
  clock: { now: number };
}

const secondTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const reach = (job: ModelJob, i: number) => job.submitted + INIT + (RUN * (i + 1)) / job.steps.length;

/** The model's own judging of one step, by Huawei's rules in this contract's order. */
function applyStep(model: Model, job: ModelJob, step: Step, at: number): Result {
  const base = { image_id: step.image, project_id: projects[step.project]!.id };
  const fail = (e: { code: string; message: string }): Result => ({ ...base, status: 'FAIL', error: e });
  const members = model.members.get(step.image);
  if (step.image === pool.unknown) return fail(error(404, 'image_unavailable'));
  if (step.image === pool.strangers) return fail(error(403, 'image_of_another_tenant'));
  const at_ = members!.findIndex((m) => m.project === step.project);
  if (job.kind === 'delete') {
    if (at_ >= 0) members!.splice(at_, 1);
    return { ...base, status: 'SUCCESS' };
  }
  if (step.image === pool.public) return fail(error(400, 'image_public'));
  if (at_ >= 0) return { ...base, status: 'SUCCESS' };
  const limit = step.image === pool.cbr ? LIMITS.full_ecs : LIMITS.disk;
  if (members!.length + 1 > limit) return fail(error(400, 'member_quota_reached'));
  members!.push({ project: step.project, status: 'pending', created_at: secondTime(at), updated_at: secondTime(at) });
  return { ...base, status: 'SUCCESS' };
}

function advance(model: Model) {
  const due: { job: ModelJob; at: number }[] = [];
  for (const job of model.jobs)
    for (let i = job.results.length; i < job.steps.length && reach(job, i) <= model.now; i++)
      due.push({ job, at: reach(job, i) });
  due.sort((a, b) => a.at - b.at);
  for (const { job, at } of due) job.results.push(applyStep(model, job, job.steps[job.results.length]!, at));
}

function send(
  real: Real,
  operation: OperationId,
  token: string,
  values: Record<string, string>,
  body?: unknown,
  query = '',
) {
  const answer = real.sandbox.handle({
    method: operationRules[operation].method,
    path: expandPath(operationRules[operation].path, values) + (query && `?${query}`),
    headers: {
      Accept: 'application/json',
      [authHeader]: token,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(answerViolations(operation, answer.status, answer.body), `${operation} ${answer.status}`).toEqual([]);
  return answer;
}

class Submit implements fc.Command<Model, Real> {
  constructor(
    readonly kind: 'add' | 'delete',
    readonly images: string[],
    readonly names: Name[],
  ) {}
  check = () => true;
  run(model: Model, real: Real) {
    advance(model);
    const operation = this.kind === 'add' ? 'batchAddImageMembers' : 'batchDeleteImageMembers';
    const body = { images: this.images, projects: this.names.map((n) => projects[n]!.id) };
    const answer = send(real, operation, ownerToken, {}, body);
    expect(answer.status, this.toString()).toBe(200);
    const steps = this.images.flatMap((image) => this.names.map((project) => ({ image, project })));
    const id = (answer.body as { job_id: string }).job_id;
    model.jobs.push({ id, kind: this.kind, steps, submitted: model.now, results: [] });
  }
  toString = () => `${this.kind}(${this.images.map((i) => i.slice(0, 4)).join(',')} -> ${this.names.join(',')})`;
}

class Poll implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.jobs.length > 0;
  run(model: Model, real: Real) {
    advance(model);
    const job = model.jobs[this.pick % model.jobs.length]!;
    const answer = send(real, 'showJob', ownerToken, { job_id: job.id, project_id: ownerId });
    expect(answer.status).toBe(200);
    const begin = job.submitted + INIT;
    const failed = job.results.filter((r) => r.status === 'FAIL');
    const status =
      model.now < begin
        ? 'INIT'
        : job.results.length < job.steps.length
          ? 'RUNNING'
          : failed.length
            ? 'FAIL'
            : 'SUCCESS';
    expect(answer.body).toMatchObject({
      job_id: job.id,
      status,
      error_code: status === 'FAIL' ? failed[0]!.error!.code : null,
      fail_reason: status === 'FAIL' ? failed[0]!.error!.message : null,
    });
    expect((answer.body as { entities: { results: unknown } }).entities.results).toEqual(
      job.results.map(({ error: _, ...r }) => r),
    );
  }
  toString = () => `poll(#${this.pick})`;
}

class List implements fc.Command<Model, Real> {
  constructor(
    readonly image: 'plain' | 'cbr',
    readonly limit: number,
  ) {}
  check = () => true;
  run(model: Model, real: Real) {
    advance(model);
    const values = { project_id: ownerId, image_id: pool[this.image] };
    const seen: unknown[] = [];
    let marker: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const query = new URLSearchParams({ limit: String(this.limit), ...(marker ? { marker } : {}) });
      const paged = send(real, 'listImageMembersV1', ownerToken, values, undefined, query.toString());
      expect(paged.status).toBe(200);
      const page = paged.body as { members: unknown[]; page_info: { next_marker?: string; current_count: number } };
      expect(page.members.length).toBeLessThanOrEqual(this.limit);
      seen.push(...page.members);
      marker = page.page_info.next_marker;
      if (!marker) break;
    }
    const expected = model.members.get(pool[this.image])!.map((m) => ({
      member_id: projects[m.project]!.id,
      status: m.status,
      created_at: m.created_at,
      updated_at: m.updated_at,
    }));
    expect(seen).toMatchObject(expected);
    expect(seen).toHaveLength(expected.length);
  }
  toString = () => `list(${this.image}, limit ${this.limit})`;
}

class Accept implements fc.Command<Model, Real> {
  constructor(readonly name: Name) {}
  check = () => true;
  run(model: Model, real: Real) {
    advance(model);
    const id = projects[this.name]!.id;
    const token = projects[this.name]!.tokens![0]!;
    const answer = send(
      real,
      'updateImageMemberStatus',
      token,
      { image_id: pool.plain, member_id: id },
      {
        status: 'accepted',
      },
    );
    const entry = model.members.get(pool.plain)!.find((m) => m.project === this.name);
    expect(answer.status, this.toString()).toBe(entry ? 200 : 404);
    if (entry && entry.status !== 'accepted') {
      entry.status = 'accepted';
      entry.updated_at = secondTime(model.now);
    }
  }
  toString = () => `accept(${this.name})`;
}

class Tick implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  run(model: Model, real: Real) {
    model.now += this.ms;
    real.clock.now += this.ms;
  }
  toString = () => `tick(${this.ms})`;
}

const commands = [
  fc
    .tuple(
      fc.constantFrom<'add' | 'delete'>('add', 'add', 'delete'),
      fc.uniqueArray(fc.constantFrom(...Object.values(pool)), { minLength: 1, maxLength: 3 }),
      fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }),
    )
    .map(([kind, images, who]) => new Submit(kind, images, who)),
  fc.nat().map((n) => new Poll(n)),
  fc
    .tuple(fc.constantFrom<'plain' | 'cbr'>('plain', 'cbr'), fc.integer({ min: 1, max: 4 }))
    .map(([image, limit]) => new List(image, limit)),
  fc.constantFrom(...names).map((n) => new Accept(n)),
  fc.integer({ min: 0, max: 1500 }).map((ms) => new Tick(ms)),
];

describe("the owner's member jobs against a reference model, on an injected clock", () => {
  it('agree on every poll, every list page and every accept', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        const start = Date.parse('2026-12-03T08:00:00.000Z');
        const clock = { now: start };
        const real: Real = { sandbox: createSandbox({ world, now: () => new Date(clock.now) }), clock };
        const members = new Map<string, ModelMember[]>();
        for (const id of [pool.plain, pool.cbr, pool.public]) {
          const image = defaultWorld.images.find((i) => i.id === id)!;
          members.set(
            id,
            (image.members ?? []).map((m) => ({
              project: m.project,
              status: m.status ?? 'pending',
              created_at: m.created_at,
              updated_at: m.updated_at ?? m.created_at,
            })),
          );
        }
        const model: Model = { now: start, members, jobs: [] };
        fc.modelRun(() => ({ model, real }), cmds);
      }),
      { numRuns: 100, ...(seed === undefined ? {} : { seed }) },
    );
  });
});
