// The recommended API in the sandbox: the batch update, the job it starts, and the two ways to
// follow it, with the member schema every member answer points to. The scenario rows of each new
// operation, every declared answer reached by data, and the life of a job on an injected clock
// (no test sleeps): INIT, RUNNING with process_percent rising, SUCCESS or FAIL, member statuses
// changed when the job reaches each image, results per image, a job that never ends.
import { describe, expect, it } from 'vitest';
import {
  authHeader,
  exampleIds,
  expandPath,
  matchPath,
  type OperationId,
  operationRules,
} from '../generated/contract.js';
import { akskReasons } from '../src/sandbox/aksk.js';
import { examplesOf, personalised } from '../src/sandbox/answers.js';
import { createSandbox, defaultWorld, type Sandbox, scenarios, type World } from '../src/sandbox/index.js';
import { answerViolations } from './support/operation-answers.js';

// The image reads and version discovery have their rows tested in test/sandbox-images.test.ts.
const elsewhere = new Set([
  'listVersions',
  'listVersionsDocument',
  'listImages',
  'showImage',
  'showImageSchema',
  'showImagesSchema',
]);
// The Glance v2 member calls' rows are test/sandbox-members.test.ts's.
const glanceMemberCalls = new Set<string>([
  'addImageMember',
  'listImageMembers',
  'showImageMember',
  'deleteImageMember',
  'showMembersSchema',
]);
const v1 = scenarios.filter(
  (s) => s.operation !== undefined && !glanceMemberCalls.has(s.operation) && !elsewhere.has(s.operation),
);
const timing = { init: defaultWorld.job_timing!.init_ms!, running: defaultWorld.job_timing!.running_ms! };

/** A clock the test moves by hand. */
function clock(start = '2026-11-29T10:00:00.000Z') {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), at: () => now };
}

const memberToken = defaultWorld.projects.member!.tokens![0]!;
const call = (sandbox: Sandbox, operation: OperationId, values: Record<string, string>, body?: unknown) =>
  sandbox.handle({
    method: operationRules[operation].method,
    path: expandPath(operationRules[operation].path, values),
    headers: { [authHeader]: memberToken, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const batch = (sandbox: Sandbox, body: Record<string, unknown>) =>
  call(sandbox, 'batchUpdateImageMembers', {}, { project_id: exampleIds.member_id, ...body });
type Progress = {
  status: string;
  begin_time: string | null;
  end_time: string | null;
  error_code: string | null;
  fail_reason: string | null;
  entities: { process_percent: number; results?: { image_id: string; status: string }[] };
};
const progress = (sandbox: Sandbox, job_id: string) => call(sandbox, 'showJobProgress', { job_id }).body as Progress;
const results = (sandbox: Sandbox, job_id: string) =>
  call(sandbox, 'showJob', { job_id, project_id: exampleIds.member_id }).body as Progress;
const memberOf = (sandbox: Sandbox, image: string) =>
  sandbox
    .state()
    .images.find((i) => i.id === image)!
    .members.find((m) => m.project === 'member')!;

/** The calls that start a job, and the two that read one; every other answer is its example exactly. */
const submits = new Set<OperationId>(['batchUpdateImageMembers', 'batchAddImageMembers', 'batchDeleteImageMembers']);
const jobReads = new Set<OperationId>(['showJobProgress', 'showJob']);

describe('the scenario rows of the new operations', () => {
  for (const scenario of v1) {
    it(`${scenario.operation} ${scenario.name}: ${scenario.status} ${scenario.example}`, () => {
      const operation = scenario.operation!;
      const answer = createSandbox().handle(scenario.request);
      expect(answer.status).toBe(scenario.status);
      expect(answer.headers['Content-Type']).toMatch(/^application\/json/);
      expect(answerViolations(operation, answer.status, answer.body)).toEqual([]);
      const example = examplesOf(operation)[scenario.status]![scenario.example]!.value as Record<string, unknown>;
      const body = answer.body as Record<string, unknown>;
      if (submits.has(operation) && scenario.status === 200) expect(body.job_id).toMatch(/^[0-9a-f]{32}$/);
      else if (jobReads.has(operation) && scenario.status === 200) {
        // A job as it is now: the example it stands for has the same status, and the same kind of entities.
        expect(body.status).toBe(example.status);
        expect(Object.keys(body.entities as object).sort()).toEqual(Object.keys(example.entities as object).sort());
      } else if (scenario.status === 200) {
        // A member read is built from the world, on the documents' IDs: the example exactly.
        expect(body).toEqual(example);
      } else {
        const params = matchPath(operationRules[operation].path, scenario.request.path.split('?')[0]!)!;
        expect(body).toEqual(personalised(example, params));
      }
    });
  }

  it('reach every example every operation declares, by data, with no Prefer header', () => {
    const reached = new Set(
      scenarios.map((s) => `${s.operation ?? 'updateImageMemberStatus'} ${s.status} ${s.example}`),
    );
    // AK/SK refusals are signed requests (a signature covers the host it is sent to, so no static
    // row can carry one): test/sandbox-aksk.test.ts reaches each of them by data instead.
    const signedOnly = new Set<string>(akskReasons);
    const declared = (Object.keys(operationRules) as OperationId[]).flatMap((operation) =>
      Object.entries(examplesOf(operation)).flatMap(([status, examples]) =>
        Object.keys(examples)
          .filter((name) => !(status === '401' && signedOnly.has(name)))
          .map((name) => `${operation} ${status} ${name}`),
      ),
    );
    expect(declared.filter((entry) => !reached.has(entry))).toEqual([]);
    expect(scenarios.flatMap((s) => Object.keys(s.request.headers)).filter((h) => /prefer/i.test(h))).toEqual([]);
  });

  it('a poll that answers 503 twice, then the job, and again every three polls', () => {
    const sandbox = createSandbox();
    const scenario = scenarios.find((s) => s.name === 'progress_unavailable_then_recovers')!;
    const statuses = Array.from({ length: 6 }, () => sandbox.handle(scenario.request).status);
    expect(statuses).toEqual([503, 503, 200, 503, 503, 200]);
  });
});

describe('a job on the sandbox clock', () => {
  const shared = '3d6f1a2b-7c8e-4d9f-a0b1-c2d3e4f5a6b7';
  const plain = exampleIds.image_id;

  it('moves INIT, RUNNING, SUCCESS; applies each image when it reaches it; shows in the state', () => {
    const time = clock();
    const sandbox = createSandbox({ now: time.now });
    const submitted = batch(sandbox, { images: [plain, shared], status: 'rejected' });
    expect(submitted.status).toBe(200);
    const job = (submitted.body as { job_id: string }).job_id;
    const start = time.at();

    let p = progress(sandbox, job);
    expect(p).toMatchObject({ status: 'INIT', begin_time: null, end_time: null, entities: { process_percent: 0 } });
    expect(memberOf(sandbox, plain).status).toBe('pending');

    time.advance(timing.init + timing.running / 4);
    p = progress(sandbox, job);
    expect(p.status).toBe('RUNNING');
    expect(p.begin_time).toBe(new Date(start + timing.init).toISOString());
    expect(p.entities.process_percent).toBeCloseTo(0.25, 2);
    expect(memberOf(sandbox, plain).status, 'not reached yet').toBe('pending');

    time.advance(timing.running / 2);
    p = progress(sandbox, job);
    expect(p.entities.process_percent).toBeCloseTo(0.75, 2);
    expect(memberOf(sandbox, plain)).toMatchObject({
      status: 'rejected',
      updated_at: new Date(start + timing.init + timing.running / 2).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    expect(results(sandbox, job).entities.results).toEqual([
      { image_id: plain, project_id: exampleIds.member_id, status: 'SUCCESS' },
    ]);

    time.advance(timing.running);
    p = progress(sandbox, job);
    expect(p).toMatchObject({
      status: 'SUCCESS',
      end_time: new Date(start + timing.init + timing.running).toISOString(),
      error_code: null,
      fail_reason: null,
      entities: { process_percent: 1 },
    });
    expect(memberOf(sandbox, shared).status).toBe('rejected');
    expect(sandbox.state().jobs.find((j) => j.job_id === job)).toMatchObject({ status: 'SUCCESS', project: 'member' });
    sandbox.reset();
    expect(sandbox.state().jobs.map((j) => j.job_id)).not.toContain(job);
    expect(memberOf(sandbox, plain).status).toBe('pending');
  });

  it('partly failing images end the job FAIL with the first failure; results say which; the rest applied', () => {
    const time = clock();
    const sandbox = createSandbox({ now: time.now });
    const fullEcs = defaultWorld.images.find((i) => i.full_ecs_by_cbr)!.id;
    const unknown = crypto.randomUUID();
    const job = (batch(sandbox, { images: [plain, fullEcs, unknown], status: 'accepted' }).body as { job_id: string })
      .job_id;
    time.advance(timing.init + timing.running);
    const p = progress(sandbox, job);
    const vaultRequired = examplesOf('updateImageMemberStatus')[400]!.vault_id_required!.value as {
      error: { code: string; message: string };
    };
    expect(p).toMatchObject({
      status: 'FAIL',
      error_code: vaultRequired.error.code,
      fail_reason: vaultRequired.error.message,
    });
    expect(answerViolations('showJobProgress', 200, p)).toEqual([]);
    expect(results(sandbox, job).entities.results!.map((r) => [r.image_id, r.status])).toEqual([
      [plain, 'SUCCESS'],
      [fullEcs, 'FAIL'],
      [unknown, 'FAIL'],
    ]);
    expect(memberOf(sandbox, plain).status).toBe('accepted');
  });

  it('a world may pick the other choice: a partly failed job ends SUCCESS, failures in its results', () => {
    const world: World = { ...defaultWorld, partial_failure: 'success' };
    const time = clock();
    const sandbox = createSandbox({ world, now: time.now });
    const job = (
      batch(sandbox, { images: [plain, crypto.randomUUID()], status: 'accepted' }).body as { job_id: string }
    ).job_id;
    time.advance(timing.init + timing.running);
    expect(results(sandbox, job)).toMatchObject({ status: 'SUCCESS', error_code: null });
    expect(results(sandbox, job).entities.results!.map((r) => r.status)).toEqual(['SUCCESS', 'FAIL']);
  });

  it('a job that never ends stays RUNNING, its percent rising towards 1 but never reaching it', () => {
    const time = clock();
    const sandbox = createSandbox({ now: time.now });
    const running = scenarios.find((s) => s.name === 'progress_running')!;
    const job = matchPath(operationRules.showJobProgress.path, running.request.path)!.job_id!;
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = progress(sandbox, job);
      expect(p.status).toBe('RUNNING');
      seen.push(p.entities.process_percent);
      time.advance(3_600_000);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(Math.max(...seen)).toBeLessThan(1);
  });

  it('the batch is judged at once: the caller before the status value; a job of another project is 403', () => {
    const sandbox = createSandbox();
    const owner = defaultWorld.projects.owner!.id;
    expect(batch(sandbox, { images: [plain], project_id: owner, status: 'ACCEPTED' }).status).toBe(403);
    expect(batch(sandbox, { images: [plain], status: 'ACCEPTED' }).status).toBe(400);
    expect(batch(sandbox, { images: [plain, plain], status: 'accepted' }).status, 'duplicates').toBe(400);
    expect(batch(sandbox, { images: [plain], status: 'rejected', vault_id: 'v' }).status).toBe(400);
    const job = (batch(sandbox, { images: [plain], status: 'accepted' }).body as { job_id: string }).job_id;
    const stranger = sandbox.handle({
      method: 'GET',
      path: expandPath(operationRules.showJobProgress.path, { job_id: job }),
      headers: { [authHeader]: defaultWorld.projects.stranger!.tokens![0]! },
    });
    expect(stranger.status).toBe(403);
  });
});
