// Model-based test of jobs (fast-check `commands`) on an injected clock: random sequences of
// batch updates (any mix of a shared image, one already accepted, a full-ECS image with a good,
// a foreign or no vault, a private and an unknown image; accept or reject), single updates by the
// member, polls of either job read, and time passing. A small reference model, written apart from
// the sandbox, says for every poll the job's status, process_percent, times, error and per-image
// results, and for every single update the member's status and times, with a job applying each
// image when it reaches it (evenly over its running time, in time order across jobs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, type OperationId, operationRules } from '../generated/contract.js';
import { examplesOf } from '../src/sandbox/answers.js';
import { createSandbox, defaultWorld, type Sandbox } from '../src/sandbox/index.js';
import { answerViolations } from './support/operation-answers.js';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261122 : undefined;
const INIT = defaultWorld.job_timing!.init_ms!;
const RUN = defaultWorld.job_timing!.running_ms!;
const memberName = Object.keys(defaultWorld.projects).find(
  (n) => defaultWorld.projects[n]!.id === exampleIds.member_id,
)!;
const token = defaultWorld.projects[memberName]!.tokens![0]!;
const own = exampleIds.member_id;
const imageOf = (test: (i: (typeof defaultWorld.images)[number]) => boolean) => defaultWorld.images.find(test)!;
const memberEntry = (i: (typeof defaultWorld.images)[number]) => i.members?.find((m) => m.project === memberName);
const fullEcs = imageOf((i) => i.full_ecs_by_cbr === true);
const goodVault = memberEntry(fullEcs)!.vaults![0]!;
const pool = {
  plain: imageOf((i) => i.id === exampleIds.image_id).id,
  accepted: imageOf((i) => i.visibility !== 'private' && !i.full_ecs_by_cbr && memberEntry(i)?.status === 'accepted')
    .id,
  fullEcs: fullEcs.id,
  private: imageOf((i) => i.visibility === 'private').id,
  unknown: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918',
};
const vaultError = (name: string) =>
  (examplesOf('updateImageMemberStatus')[400]![name]!.value as { error: { code: string; message: string } }).error;
const unavailable = (
  examplesOf('batchUpdateImageMembers')[404]!.image_unavailable!.value as {
    error: { code: string; message: string };
  }
).error;

type Status = 'accepted' | 'rejected';
interface ModelJob {
  id: string;
  images: string[];
  status: Status;
  vault?: string;
  submitted: number;
  results: { image_id: string; status: 'SUCCESS' | 'FAIL'; error?: { code: string; message: string } }[];
}
interface Model {
  now: number;
  members: Map<string, { status: string; updated_at: string }>;
  jobs: ModelJob[];
}
interface Real {
  sandbox: Sandbox;
  clock: { now: number };
}

const secondTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const reach = (job: ModelJob, i: number) => job.submitted + INIT + (RUN * (i + 1)) / job.images.length;

/** The model's own judging of one image for the member. */
function applyImage(model: Model, job: ModelJob, image: string, at: number) {
  const entry = model.members.get(image);
  if (!entry) return { image_id: image, status: 'FAIL' as const, error: unavailable };
  if (job.status === 'accepted' && image === pool.fullEcs) {
    if (job.vault === undefined)
      return { image_id: image, status: 'FAIL' as const, error: vaultError('vault_id_required') };
    if (job.vault !== goodVault)
      return { image_id: image, status: 'FAIL' as const, error: vaultError('vault_unavailable') };
  }
  if (entry.status !== job.status) {
    entry.status = job.status;
    entry.updated_at = secondTime(at);
  }
  return { image_id: image, status: 'SUCCESS' as const };
}

function advance(model: Model) {
  const due: { job: ModelJob; at: number }[] = [];
  for (const job of model.jobs)
    for (let i = job.results.length; i < job.images.length && reach(job, i) <= model.now; i++)
      due.push({ job, at: reach(job, i) });
  due.sort((a, b) => a.at - b.at);
  for (const { job, at } of due) job.results.push(applyImage(model, job, job.images[job.results.length]!, at));
}

function send(real: Real, operation: OperationId, values: Record<string, string>, body?: unknown) {
  return real.sandbox.handle({
    method: operationRules[operation].method,
    path: expandPath(operationRules[operation].path, values),
    headers: { [authHeader]: token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

class Submit implements fc.Command<Model, Real> {
  constructor(
    readonly images: string[],
    readonly status: Status,
    readonly vault: string | undefined,
  ) {}
  check = () => true;
  run(model: Model, real: Real) {
    advance(model);
    const body = {
      images: this.images,
      project_id: own,
      status: this.status,
      ...(this.vault ? { vault_id: this.vault } : {}),
    };
    const answer = send(real, 'batchUpdateImageMembers', {}, body);
    expect(answer.status, this.toString()).toBe(200);
    const id = (answer.body as { job_id: string }).job_id;
    model.jobs.push({
      id,
      images: this.images,
      status: this.status,
      vault: this.vault,
      submitted: model.now,
      results: [],
    });
  }
  toString = () => `submit(${this.status} ${this.images.map((i) => i.slice(0, 4)).join(',')} vault=${this.vault})`;
}

class Poll implements fc.Command<Model, Real> {
  constructor(
    readonly pick: number,
    readonly operation: 'showJobProgress' | 'showJob',
  ) {}
  check = (model: Readonly<Model>) => model.jobs.length > 0;
  run(model: Model, real: Real) {
    advance(model);
    const job = model.jobs[this.pick % model.jobs.length]!;
    const answer = send(real, this.operation, { job_id: job.id, project_id: own });
    expect(answer.status).toBe(200);
    expect(answerViolations(this.operation, 200, answer.body)).toEqual([]);
    const begin = job.submitted + INIT;
    const done = job.results.length === job.images.length;
    const failed = job.results.filter((r) => r.status === 'FAIL');
    const status = model.now < begin ? 'INIT' : !done ? 'RUNNING' : failed.length ? 'FAIL' : 'SUCCESS';
    const ended = status === 'SUCCESS' || status === 'FAIL';
    expect(answer.body).toMatchObject({
      job_id: job.id,
      status,
      begin_time: status === 'INIT' ? null : new Date(begin).toISOString(),
      end_time: ended ? new Date(begin + RUN).toISOString() : null,
      error_code: status === 'FAIL' ? failed[0]!.error!.code : null,
      fail_reason: status === 'FAIL' ? failed[0]!.error!.message : null,
    });
    const entities = (answer.body as { entities: Record<string, unknown> }).entities;
    if (this.operation === 'showJob')
      expect(entities.results).toEqual(
        job.results.map((r) => ({ image_id: r.image_id, project_id: own, status: r.status })),
      );
    else {
      const percent =
        status === 'INIT' ? 0 : ended ? 1 : Math.min(0.99, Math.floor(((model.now - begin) / RUN) * 100) / 100);
      expect(entities.process_percent).toBe(percent);
    }
  }
  toString = () => `${this.operation}(#${this.pick})`;
}

class Update implements fc.Command<Model, Real> {
  constructor(
    readonly image: string,
    readonly status: Status,
  ) {}
  check = () => true;
  run(model: Model, real: Real) {
    advance(model);
    const body = {
      status: this.status,
      ...(this.image === pool.fullEcs && this.status === 'accepted' ? { vault_id: goodVault } : {}),
    };
    const answer = send(real, 'updateImageMemberStatus', { image_id: this.image, member_id: own }, body);
    const entry = model.members.get(this.image);
    expect(answer.status, this.toString()).toBe(entry ? 200 : 404);
    if (!entry) return;
    if (entry.status !== this.status) {
      entry.status = this.status;
      entry.updated_at = secondTime(model.now);
    }
    expect(answer.body).toMatchObject(entry);
  }
  toString = () => `update(${this.image.slice(0, 4)} ${this.status})`;
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

const image = fc.constantFrom(...Object.values(pool));
const status = fc.constantFrom<Status>('accepted', 'rejected');
const commands = [
  fc
    .tuple(
      fc.uniqueArray(image, { minLength: 1, maxLength: 4 }),
      status,
      fc.constantFrom(undefined, goodVault, 'not-a-vault-of-mine'),
    )
    .map(([images, s, vault]) => new Submit(images, s, s === 'accepted' ? vault : undefined)),
  fc
    .tuple(fc.nat(), fc.constantFrom<'showJobProgress' | 'showJob'>('showJobProgress', 'showJob'))
    .map(([n, op]) => new Poll(n, op)),
  fc
    .tuple(fc.constantFrom(pool.plain, pool.accepted, pool.fullEcs, pool.private), status)
    .map(([i, s]) => new Update(i, s)),
  fc.integer({ min: 0, max: 1500 }).map((ms) => new Tick(ms)),
];

describe('jobs against a reference model, on an injected clock', () => {
  it('agree on every poll, every single update and the members at the end', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        const start = Date.parse('2026-11-22T13:16:31.250Z');
        const clock = { now: start };
        const real: Real = { sandbox: createSandbox({ now: () => new Date(clock.now) }), clock };
        const members = new Map<string, { status: string; updated_at: string }>();
        for (const id of [pool.plain, pool.accepted, pool.fullEcs]) {
          const m = memberEntry(defaultWorld.images.find((i) => i.id === id)!)!;
          members.set(id, { status: m.status ?? 'pending', updated_at: m.updated_at ?? m.created_at });
        }
        const model: Model = { now: start, members, jobs: [] };
        fc.modelRun(() => ({ model, real }), cmds);
        advance(model);
        const state = real.sandbox.state();
        for (const [id, entry] of members)
          expect(state.images.find((i) => i.id === id)!.members.find((m) => m.project === memberName)).toMatchObject(
            entry,
          );
      }),
      { numRuns: 120, ...(seed === undefined ? {} : { seed }) },
    );
  });
});
