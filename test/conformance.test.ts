// Property-based conformance of the Prism mock and of the sandbox (`npm start`: the sandbox behind
// Prism's proxy): requests generated from the spec, valid and mutated, sent to each. Every answer
// must carry the status the contract expects for that request, a body valid against the spec,
// and come within a bounded time. Through the proxy, Prism's `sl-violations` header must name no
// breach in an answer, none at all for a valid request, and a request breach for an invalid one.
//
// The sandbox keeps a world: a valid request only gets 200 for an image and member the world
// knows, and it judges the caller before the status value. So requests to the sandbox keep their
// generated body, token and Content-Type but go to the documents' image and member, which the
// default world shares with any token; the generated IDs are exercised by the mock run and by the
// requests with malformed IDs (400 before any lookup).
// CI runs a fixed seed; locally the seed is random and printed, so any run can be replayed
// with FC_SEED=<seed> npx vitest run conformance.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, exampleIds, expandPath, type OperationId, operationRules } from '../generated/contract.js';
import { defaultWorld } from '../src/sandbox/index.js';
import { createContractValidator } from '../src/validate.js';
import { type MemberCallRequest, memberCallRequests } from './support/member-request-arbitraries.js';
import { answerViolations } from './support/operation-answers.js';
import {
  type GeneratedRequest,
  invalidRequests,
  unauthenticatedRequests,
  validRequests,
} from './support/request-arbitraries.js';
import { send } from './support/send.js';
import { running } from './support/servers.js';
import { memberBatchRequests, ownerReadRequests } from './support/v1-member-arbitraries.js';
import { batchRequests, jobRequests, type V1Request } from './support/v1-request-arbitraries.js';

const contract = createContractValidator();
const seed = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : process.env.CI
    ? 20261122
    : Math.floor(Math.random() * 2 ** 31);
const HANG_MS = 5_000;
const template = operationRules.updateImageMemberStatus.path;
type Target = 'mock' | 'sandbox';
const baseUrl: Record<Target, string> = { mock: '', sandbox: '' };
const sent: Record<Target, number> = { mock: 0, sandbox: 0 };

beforeAll(async () => {
  baseUrl.mock = await running('prismUrl');
  baseUrl.sandbox = await running('sandboxUrl');
  console.log(`conformance: fast-check seed ${seed} (replay with FC_SEED=${seed})`);
});

type Violation = { location: string[]; message: string };
/** The code of the 400 Prism's proxy answers itself, before forwarding, for a body that is not JSON. */
const prismOwnBadJson = 'invalid_json';

/** Sends one request to `target`, counted; no complete answer within HANG_MS fails in words. */
async function exchange(
  target: Target,
  path: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) {
  sent[target] += 1;
  try {
    return await send(`${baseUrl[target]}${path}`, { ...init, timeoutMs: HANG_MS });
  } catch (error) {
    throw new Error(`no answer within ${HANG_MS} ms (${(error as Error).message})`);
  }
}

/** Sends one generated request; fails with the request in the message on any breach. */
async function check(target: Target, request: GeneratedRequest) {
  // The body goes as bytes, with no Content-Type of its own: the generated headers are exactly what goes out.
  const response = await exchange(
    target,
    expandPath(template, { image_id: request.imageId, member_id: request.memberId }),
    { method: 'PUT', headers: request.headers, body: request.body },
  );
  const { text } = response;
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // kept as text: the validator below reports it
  }
  expect(response.status, `status for "${request.label}"`).toBe(request.expected);
  expect(response.header('content-type')).toMatch(/^application\/json/);
  expect(
    contract.validateResponse(response.status, answer, 'updateImageMemberStatus').violations,
    `body for "${request.label}"`,
  ).toEqual([]);
  if (target !== 'sandbox') return;
  const violations = JSON.parse(response.header('sl-violations') ?? '[]') as Violation[];
  expect(
    violations.filter((v) => v.location[0] !== 'request').map((v) => v.message),
    'answer breaches',
  ).toEqual([]);
  if (request.expected === 200 && !ignoredFields.has(request.label))
    expect(violations, `sl-violations for valid "${request.label}"`).toEqual([]);
  else if ((answer as { error?: { code?: string } })?.error?.code !== prismOwnBadJson)
    // Prism answers a body that is not JSON itself (no header); every other invalid request reaches
    // the sandbox, and Prism must name its breach.
    expect(violations.length, `Prism names the breach of "${request.label}"`).toBeGreaterThan(0);
}

/** Valid requests to the sandbox go to the image and member its world shares with any token. */
const known = (request: GeneratedRequest): GeneratedRequest => ({
  ...request,
  imageId: exampleIds.image_id,
  memberId: exampleIds.member_id,
});
/**
 * So do invalid ones, unless an ID is what they break: the sandbox judges the caller before the
 * status value (Glance's order), so a wrong value on an image the world lacks is its 404.
 */
const knownUnlessIds = (request: GeneratedRequest): GeneratedRequest =>
  /^malformed (image|member)_id$/.test(request.label) ? request : known(request);
/**
 * Bodies that break the contract only by a field it does not name: the sandbox ignores the field
 * as Glance does (the spec's request body says so), so the member's update succeeds; Prism still
 * names the breach, since the schema stays closed.
 */
const ignoredFields = new Set(['unknown field', 'misspelled field']);
const lenient = (request: GeneratedRequest): GeneratedRequest =>
  ignoredFields.has(request.label) ? { ...request, expected: 200 } : request;

/**
 * The first `numRuns` requests `arbitrary` gives with the run's seed: the ones `fc.assert` runs
 * (fc.sample with the same seed yields the same values), drawn once. The mock and the sandbox run
 * the same draws (the sandbox's mapped to its world: a map draws nothing of its own), and drawing
 * them (bodies of up to 20,000 characters) was a third of this file's fast-check time.
 */
const drawn = new Map<fc.Arbitrary<GeneratedRequest>, GeneratedRequest[]>();
function draws(arbitrary: fc.Arbitrary<GeneratedRequest>, numRuns: number) {
  if ((drawn.get(arbitrary)?.length ?? 0) < numRuns) drawn.set(arbitrary, fc.sample(arbitrary, { seed, numRuns }));
  return drawn.get(arbitrary)!.slice(0, numRuns);
}

/**
 * `fc.assert(fc.asyncProperty(arbitrary.map(toTarget), check), { seed, numRuns, interruptAfterTimeLimit: 60 s })`
 * on the shared draws: each request checked in turn, none after 60 s (fast-check's interrupt,
 * not a failure). A failure replays the property through fast-check, for its shrunk
 * counterexample; if the replay passes (the sandbox's state moved on), the failure stands as it came.
 */
async function run(
  target: Target,
  arbitrary: fc.Arbitrary<GeneratedRequest>,
  numRuns: number,
  toTarget: (request: GeneratedRequest) => GeneratedRequest = (request) => request,
) {
  const started = Date.now();
  try {
    for (const request of draws(arbitrary, numRuns)) {
      if (Date.now() - started > 60_000) return;
      await check(target, toTarget(request));
    }
  } catch (failure) {
    await fc.assert(
      fc.asyncProperty(arbitrary.map(toTarget), (request) => check(target, request)),
      { seed, numRuns, endOnFailure: false, interruptAfterTimeLimit: Math.max(1_000, 60_000 - (Date.now() - started)) },
    );
    throw failure;
  }
}

/** Sends one generated request to a v1 operation; the same checks as `check`, with the operation's own answers. */
async function checkV1(
  target: Target,
  request: Pick<V1Request, 'label' | 'method' | 'path' | 'headers' | 'body' | 'expected'> & { operation: OperationId },
) {
  const response = await exchange(target, request.path, {
    method: request.method,
    // JSON asked for, as the project's client asks: Glance-shaped errors are otherwise HTML or text.
    headers: { Accept: 'application/json', ...request.headers },
    body: request.body,
  });
  const { text } = response;
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // kept as text: the validator below reports it
  }
  const what = `${request.operation} "${request.label}"`;
  expect(response.status, `status for ${what}`).toBe(request.expected);
  expect(response.header('content-type')).toMatch(/^application\/json/);
  expect(answerViolations(request.operation, response.status, answer), `body for ${what}`).toEqual([]);
  if (target !== 'sandbox') return;
  const violations = JSON.parse(response.header('sl-violations') ?? '[]') as Violation[];
  expect(
    violations.filter((v) => v.location[0] !== 'request').map((v) => v.message),
    'answer breaches',
  ).toEqual([]);
  if (request.expected === 200) expect(violations, `sl-violations for valid ${what}`).toEqual([]);
  else if (request.expected === 400 && (answer as { error?: { code?: string } })?.error?.code !== prismOwnBadJson)
    expect(violations.length, `Prism names the breach of ${what}`).toBeGreaterThan(0);
}

const runV1 = (target: Target, arbitrary: fc.Arbitrary<Parameters<typeof checkV1>[1]>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(arbitrary, (request) => checkV1(target, request)),
    { seed, numRuns, endOnFailure: false, interruptAfterTimeLimit: 60_000 },
  );

/** Sends one generated request to a member call: the same checks, a 204 with no body at all. */
async function checkMemberCall(target: Target, request: MemberCallRequest) {
  const response = await exchange(target, request.path, {
    method: request.method,
    // JSON asked for, as the project's client asks: Glance-shaped errors are otherwise HTML or text.
    headers: { Accept: 'application/json', ...request.headers },
    body: request.body,
  });
  const { text } = response;
  const what = `${request.operation} "${request.label}"`;
  expect(response.status, `status for ${what}`).toBe(request.expected);
  if (response.status === 204) expect(text, `a 204 has no body (${what})`).toBe('');
  else {
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {
      // kept as text: the validator below reports it
    }
    expect(response.header('content-type')).toMatch(/^application\/json/);
    expect(answerViolations(request.operation, response.status, answer), `body for ${what}`).toEqual([]);
  }
  if (target !== 'sandbox') return;
  const violations = JSON.parse(response.header('sl-violations') ?? '[]') as Violation[];
  expect(
    violations.filter((v) => v.location[0] !== 'request').map((v) => v.message),
    'answer breaches',
  ).toEqual([]);
  if (request.label.startsWith('valid') && request.expected !== 401)
    expect(violations, `sl-violations for ${what}`).toEqual([]);
}

const runMemberCalls = (target: Target, arbitrary: fc.Arbitrary<MemberCallRequest>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(arbitrary, (request) => checkMemberCall(target, request)),
    { seed, numRuns, endOnFailure: false, interruptAfterTimeLimit: 60_000 },
  );

// The mock takes any project and job; the sandbox acts for the project any token is (the member)
// and knows only its world's jobs, so valid reads there go to the member's own jobs.
const memberName = defaultWorld.any_token!;
// (not one a scenario trigger names: those answer 503 on purpose).
const triggered = new Set(defaultWorld.scenarios!.filter((r) => r.trigger).map((r) => r.request.job_id));
const ownJobs = fc.constantFrom(
  ...defaultWorld.jobs!.filter((j) => j.project === memberName && !triggered.has(j.id)).map((j) => j.id),
);
const anyJob = fc.stringMatching(/^[0-9a-f]{32}$/);
const v1 = {
  mock: {
    batch: batchRequests(exampleIds.project_id),
    progress: jobRequests('showJobProgress', exampleIds.project_id, anyJob),
    job: jobRequests('showJob', exampleIds.project_id, anyJob),
  },
  sandbox: {
    batch: batchRequests(defaultWorld.projects[memberName]!.id),
    progress: jobRequests('showJobProgress', defaultWorld.projects[memberName]!.id, ownJobs),
    job: jobRequests('showJob', defaultWorld.projects[memberName]!.id, ownJobs),
  },
};

// The owner's calls: the mock takes any project and token; in the sandbox any token is the member,
// which may share (random images, so each job fails and changes nothing) with the other projects,
// and the reads go as the owner of the documents' image, to the member it is shared with.
const ownerName = defaultWorld.images.find((i) => i.id === exampleIds.image_id)!.owner;
const owner = defaultWorld.projects[ownerName]!;
const others = Object.values(defaultWorld.projects)
  .map((p) => p.id)
  .filter((id) => id !== defaultWorld.projects[memberName]!.id);
const ownerToken = fc.constant({ [authHeader]: owner.tokens![0]! });
const members = {
  mock: {
    add: memberBatchRequests('batchAddImageMembers', [exampleIds.project_id]),
    delete: memberBatchRequests('batchDeleteImageMembers', [exampleIds.project_id]),
    list: ownerReadRequests('listImageMembersV1', exampleIds.project_id, exampleIds.image_id, exampleIds.member_id),
    show: ownerReadRequests('showImageMemberV1', exampleIds.project_id, exampleIds.image_id, exampleIds.member_id),
  },
  sandbox: {
    add: memberBatchRequests('batchAddImageMembers', others),
    delete: memberBatchRequests('batchDeleteImageMembers', others),
    list: ownerReadRequests('listImageMembersV1', owner.id, exampleIds.image_id, exampleIds.member_id, ownerToken),
    show: ownerReadRequests('showImageMemberV1', owner.id, exampleIds.image_id, exampleIds.member_id, ownerToken),
  },
};

// The two targets and their three kinds of request run concurrently: each waits on its own Prism,
// so the two Prism processes work side by side on two cores.
describe.concurrent('conformance', () => {
  describe('the mock answers every generated request within the contract', () => {
    it('valid requests: 200 and a Member', () => run('mock', validRequests, 200), 90_000);
    it('invalid requests: the spec 400 (never a 422 or 5xx)', () => run('mock', invalidRequests, 300), 90_000);
    it('requests without a token: the spec 401', () => run('mock', unauthenticatedRequests, 60), 90_000);
  });

  describe('the sandbox behind Prism proxy (npm start) answers every generated request within the contract', () => {
    it('valid requests: 200 and a Member, no sl-violations', () => run('sandbox', validRequests, 200, known), 90_000);
    it(
      'invalid requests: the spec 400, Prism names the request breach',
      () => run('sandbox', invalidRequests, 250, (request) => lenient(knownUnlessIds(request))),
      90_000,
    );
    it('requests without a token: the spec 401', () => run('sandbox', unauthenticatedRequests, 60), 90_000);
  });

  for (const target of ['mock', 'sandbox'] as const)
    describe(`${target}: the v1 operations answer every generated request within the contract`, () => {
      const { batch, progress, job } = v1[target];
      it('batchUpdateImageMembers: valid 200, invalid 400, no token 401', async () => {
        await runV1(target, batch.valid, 120);
        await runV1(target, batch.invalid, 160);
        await runV1(target, batch.anonymous, 30);
      }, 120_000);
      it('showJobProgress: valid 200, invalid 400, no token 401', async () => {
        await runV1(target, progress.valid, 100);
        await runV1(target, progress.invalid, 60);
        await runV1(target, progress.anonymous, 40);
      }, 120_000);
      it('showJob: valid 200, invalid 400, no token 401', async () => {
        await runV1(target, job.valid, 100);
        await runV1(target, job.invalid, 60);
        await runV1(target, job.anonymous, 40);
      }, 120_000);
      for (const [name, kind] of Object.entries(members[target]))
        it(`${name}: the owner's call, valid 200, invalid 400, no token 401`, async () => {
          await runV1(target, kind.valid, 40);
          await runV1(target, kind.invalid, 60);
          await runV1(target, kind.anonymous, 10);
        }, 120_000);
      it('the member calls (add, list, show, delete, schema): valid, invalid 400, no token 401', async () => {
        const calls = memberCallRequests(target);
        await runMemberCalls(target, calls.valid, 120);
        await runMemberCalls(target, calls.invalid, 80);
        await runMemberCalls(target, calls.anonymous, 40);
      }, 120_000);
    });
});

// After every property has run (they run concurrently, so no test can count before the end).
afterAll(() => {
  expect(sent.mock, 'requests sent to the mock').toBeGreaterThanOrEqual(1000);
  expect(sent.sandbox, 'requests sent to the sandbox').toBeGreaterThanOrEqual(1000);
});
