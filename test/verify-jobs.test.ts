// `npm run verify` on the v1 operations, against real node:http servers scripted here: the
// probes of the batch update and of both job reads (bad requests, no token, an unknown job), and
// --apply, which performs one batch update and follows its job to an end: a job that succeeds, one
// that fails, one that never ends, one that goes backwards, polls that fail before the job ends,
// and hostile answers on the way (a job ID that cannot go in a URL, a redirect, a flood, a hang).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { authHeader, matchPath, type OperationId, operationRules } from '../generated/contract.js';
import { type Result, verify } from '../scripts/verify/index.js';
import { type Ref, resolveRef, spec } from '../src/spec.js';
import { createContractValidator } from '../src/validate.js';
import { type Behaviour, flood, MiB, redirect, trickle } from './support/hostile-server.js';
import { imageId, memberId } from './support/spec.js';

const contract = createContractValidator();
type Example = { value: unknown };

/** The named examples of one declared answer of an operation, from the bundled spec. */
function examples(operationId: OperationId, status: number): Record<string, Example> {
  const { path, method } = operationRules[operationId];
  const operation = (spec.paths as Record<string, Record<string, { responses: Record<string, Ref> }>>)[path]![
    method.toLowerCase()
  ]!;
  const response = resolveRef<{ content: Record<string, { examples: Record<string, Example> }> }>(
    operation.responses[String(status)]!,
  );
  return response.content['application/json']!.examples;
}
const first = (operationId: OperationId, status: number) => Object.values(examples(operationId, status))[0]!.value;
const clone = <T>(value: T): T => structuredClone(value);

/** One answer a job read may give, in the order they are given (the last repeats). */
type Step =
  | { status: 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL' | string; percent?: number }
  | { http: number; retryAfter?: string }
  | Behaviour;

interface ServerOptions {
  /** The job reads' answers, one per poll. */
  steps?: Step[];
  /** The batch update's 200 body, instead of `{ job_id }`. */
  submitted?: unknown;
}

const JOB = 'a'.repeat(32);

/**
 * A small IMS: the v2 update judged as the contract says, the member schema, the batch update
 * judged by the spec's own request schema, and one job whose reads follow `steps`. It records
 * every request (method, path, time) so a test can see what verify sent, and when.
 */
async function startImsServer(options: ServerOptions = {}) {
  const requests: { method: string; path: string; operationId?: OperationId; at: number }[] = [];
  const steps = options.steps ?? [
    { status: 'RUNNING', percent: 0.5 },
    { status: 'SUCCESS', percent: 1 },
  ];
  let polls = 0;
  let images: string[] = [];
  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  const jobBody = (operationId: OperationId, step: { status: string; percent?: number }) => {
    const body = clone(first(operationId, 200)) as Record<string, unknown>;
    body.job_id = JOB;
    body.status = step.status;
    const failed = step.status === 'FAIL';
    body.error_code = failed ? 'IMG.0188' : null;
    body.fail_reason = failed ? 'The vault is unavailable.' : null;
    body.end_time = step.status === 'SUCCESS' || failed ? '2026-11-29T22:00:01.000Z' : null;
    const entities = (body.entities ?? {}) as Record<string, unknown>;
    if (operationId === 'showJobProgress') entities.process_percent = step.percent ?? 0;
    else entities.results = images.map((id) => ({ image_id: id, status: failed ? 'fail' : 'success' }));
    body.entities = entities;
    return body;
  };
  const handle = (request: IncomingMessage, response: ServerResponse, text: string) => {
    const { pathname } = new URL(request.url ?? '/', 'http://x');
    const entry = Object.entries(operationRules).find(
      ([, rules]) => rules.method === request.method && matchPath(rules.path, pathname),
    );
    const operationId = entry?.[0] as OperationId | undefined;
    requests.push({ method: request.method!, path: pathname, operationId, at: performance.now() });
    if (!entry || !operationId) return send(response, 404, first('updateImageMemberStatus', 404));
    // Version discovery takes no token: Glance's 300 at `/`, the same document with 200 at `/versions`.
    if (operationId === 'listVersions') return send(response, 300, first(operationId, 300));
    if (operationId === 'listVersionsDocument') return send(response, 200, first(operationId, 200));
    const auth = request.headers[authHeader.toLowerCase()] !== undefined;
    const values = matchPath(entry[1].path, pathname)!;
    if (!auth) return send(response, 401, first(operationId, 401));
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = Symbol('not JSON');
    }
    const badBody = () => typeof body === 'symbol' || !contract.validateRequestBody(body, operationId).valid;
    switch (operationId) {
      case 'updateImageMemberStatus':
        if (badBody()) return send(response, 400, first(operationId, 400));
        if (values.image_id !== imageId) return send(response, 404, examples(operationId, 404).image_not_found!.value);
        return send(response, 200, {
          ...(first(operationId, 200) as object),
          image_id: values.image_id,
          member_id: values.member_id,
          status: (body as { status: string }).status,
        });
      case 'showMemberSchema':
      case 'showImageSchema':
      case 'showImagesSchema':
      case 'showImage':
        return send(response, 200, first(operationId, 200));
      case 'listImages':
        // Glance refuses a member_status it does not know; anything else lists.
        return new URL(request.url ?? '/', 'http://x').searchParams.get('member_status') === 'waiting'
          ? send(response, 400, examples(operationId, 400).invalid_member_status!.value)
          : send(response, 200, first(operationId, 200));
      case 'showMembersSchema':
        return send(response, 200, first(operationId, 200));
      // The owner's side: the image verify was given exists, any other is 404; nothing is stored.
      case 'addImageMember':
        if (badBody()) return send(response, 400, first(operationId, 400));
        if (values.image_id !== imageId) return send(response, 404, examples(operationId, 404).image_not_found!.value);
        return send(response, 200, { ...(first(operationId, 200) as object), image_id: values.image_id });
      case 'listImageMembers':
      case 'showImageMember':
        if (values.image_id !== imageId) return send(response, 404, examples(operationId, 404).image_not_found!.value);
        return send(
          response,
          200,
          operationId === 'listImageMembers'
            ? first(operationId, 200)
            : { ...(first(operationId, 200) as object), image_id: values.image_id, member_id: values.member_id },
        );
      case 'deleteImageMember':
        if (values.image_id !== imageId) return send(response, 404, examples(operationId, 404).image_not_found!.value);
        return void response.writeHead(204).end();
      case 'batchUpdateImageMembers':
        if (badBody()) return send(response, 400, first(operationId, 400));
        images = (body as { images: string[] }).images;
        return send(response, 200, options.submitted ?? { job_id: JOB });
      case 'batchAddImageMembers':
      case 'batchDeleteImageMembers':
        if (badBody()) return send(response, 400, first(operationId, 400));
        // The caller is the --member-id project here: sharing with it is sharing with yourself.
        if (operationId === 'batchAddImageMembers' && (body as { projects: string[] }).projects.includes(memberId))
          return send(response, 400, examples(operationId, 400).share_with_self!.value);
        return send(response, 200, { job_id: JOB });
      case 'listImageMembersV1':
      case 'showImageMemberV1':
        if (values.image_id !== imageId)
          return send(response, 404, examples(operationId, 404).image_unavailable!.value);
        return send(response, 200, first(operationId, 200));
      default: {
        if (values.job_id !== JOB) return send(response, 404, examples(operationId, 404).job_not_found!.value);
        if (operationId === 'showJob') {
          const last = steps.filter((s) => typeof s === 'object' && 'status' in s).at(-1) as { status: string };
          return send(response, 200, jobBody(operationId, last));
        }
        const step = steps[Math.min(polls++, steps.length - 1)]!;
        if (typeof step === 'function') return step(response);
        if ('http' in step)
          return send(response, step.http, first(operationId, step.http), {
            ...(step.retryAfter && { 'Retry-After': step.retryAfter }),
          });
        return send(response, 200, jobBody(operationId, step));
      }
    }
  };
  const open = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    open.add(response);
    response.on('close', () => open.delete(response));
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => handle(request, response, text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  started.push(close);
  return { url, requests, close, polls: () => requests.filter((r) => r.path.includes(JOB)) };
}

const started: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(started.map((close) => close())));

const TOKEN = 'verify-SECRET-token';
const base = (url: string) => ['--base-url', url, '--token', TOKEN, '--image-id', imageId, '--member-id', memberId];
const apply = (url: string, ...more: string[]) => [
  ...base(url),
  '--operations',
  'batchUpdateImageMembers',
  '--apply',
  'accepted',
  '--images',
  `${imageId},${crypto.randomUUID()}`,
  '--poll-ms',
  '20',
  '--json',
  ...more,
];

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await verify(args, { env: {}, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  expect(out + err).not.toContain('SECRET');
  return { code, out, err };
}
const parsed = (out: string) =>
  JSON.parse(out) as { conforms: boolean; results: Result[]; job?: { status?: string; ended: boolean; polls: number } };
const rules = (result: Result | undefined) => result?.violations.map((v) => v.rule) ?? [];
/** The rows of --apply: the batch update and what followed it (the probes come before). */
const applied = (out: string) => {
  const { results } = parsed(out);
  return results.slice(results.findIndex((r) => r.request.startsWith('apply:')));
};

describe('npm run verify: the v1 probes', () => {
  it('a conforming server: every probe of every operation conforms, none changes anything', async () => {
    const server = await startImsServer();
    const { code, out, err } = await run(base(server.url));
    expect(code, out + err).toBe(0);
    expect(out).toMatch(/All \d+ answers conform to the contract\./);
    for (const label of [
      'batch: empty image list',
      'batch: invalid image ID',
      'batch: duplicate image',
      'batch: vault_id on a reject',
      'batch: project_id missing',
      'batch: unknown status (pending)',
      'batch: no token',
      'job progress: unknown job',
      'job progress: no token',
      'job (deprecated read): unknown job',
      'job (deprecated read): no token',
      'member schema',
    ])
      expect(out).toContain(label);
    // docs/verify.md lists exactly these probes, in this order, with these statuses.
    const documented = readFileSync(new URL('../docs/verify.md', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => /^\| (\w+) \| `([^`]+)` \| (.+) \|$/.exec(line))
      .filter((match) => match !== null)
      .map(([, operation, label, status]) => [operation, label, Number(/\d{3}/.exec(status!)![0])]);
    const sent = parsed((await run([...base(server.url), '--json'])).out).results;
    expect(documented.map(([, label, status]) => [label, status])).toEqual(sent.map((r) => [r.request, r.expected]));
    // The bad requests reach the batch call, and no job is read: nothing was started.
    expect(server.requests.filter((r) => r.operationId === 'batchUpdateImageMembers')).toHaveLength(16);
    expect(server.polls()).toHaveLength(0);
  });

  it('--operations picks whose probes run; an unknown one exits 2 naming the choices', async () => {
    const server = await startImsServer();
    const { code, out } = await run([...base(server.url), '--operations', 'showJobProgress,showJob', '--json']);
    expect(code).toBe(0);
    expect(parsed(out).results.map((r) => r.request)).toEqual([
      'job progress: unknown job',
      'job progress: no token',
      'job (deprecated read): unknown job',
      'job (deprecated read): no token',
    ]);
    const bad = await run([...base(server.url), '--operations', 'deleteEverything']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--operations: "deleteEverything" is not an operation verify probes; choose from all, /);
  });

  it('an unknown job answered 200 by a server that does not track jobs: reported, with the reason it lacks', async () => {
    // A server that answers every read of any job with the example: verify expects the spec's 404.
    const lax = await startLaxJobServer();
    const { code, out } = await run([...base(lax.url), '--operations', 'showJobProgress', '--json']);
    expect(code).toBe(1);
    const unknown = parsed(out).results.find((r) => r.request === 'job progress: unknown job')!;
    expect(unknown).toMatchObject({ expected: 404, got: 200, conforms: false });
    expect(rules(unknown)).toEqual(['expected']);
  });
});

/** Answers every request with the showJobProgress 200 example: a static mock of the job read. */
async function startLaxJobServer() {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(first('showJobProgress', 200))),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  started.push(async () => {
    server.closeAllConnections();
    await close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// Side by side: each case has servers of its own, and most of each is verify's waits between polls.
describe.concurrent('npm run verify --apply: one real batch update, its job followed to an end', () => {
  it('a job that succeeds: each poll reported, the outcome and the per-image results checked, exit 0', async () => {
    const server = await startImsServer({
      steps: [
        { status: 'INIT', percent: 0 },
        { status: 'RUNNING', percent: 0.5 },
        { status: 'SUCCESS', percent: 1 },
      ],
    });
    const { code, out, err } = await run(apply(server.url));
    expect(code, out + err).toBe(0);
    const report = parsed(out);
    expect(report.job).toMatchObject({ status: 'SUCCESS', ended: true, polls: 3 });
    expect(applied(out).map((r) => r.request)).toEqual([
      'apply: batch update to accepted (2 images)',
      'poll 1: job progress',
      'poll 2: job progress',
      'poll 3: job progress',
      `job ${JOB} outcome`,
      'job results (deprecated read)',
    ]);
    expect(err.match(/^\[poll \d at [\d.]+ s\] 200 "(INIT|RUNNING|SUCCESS)", process_percent [\d.]+$/gm)).toHaveLength(
      3,
    );
    expect(err).toMatch(new RegExp(`^\\[job\\] ${JOB}: ended SUCCESS after 3 poll\\(s\\), \\d+ ms$`, 'm'));
    expect(server.polls()).toHaveLength(4); // three progress reads and the one read of the results
  });

  it('a job that fails: the outcome row names its error_code and fail_reason, exit 1', async () => {
    const server = await startImsServer({
      steps: [
        { status: 'RUNNING', percent: 0.2 },
        { status: 'FAIL', percent: 1 },
      ],
    });
    const { code, out } = await run(apply(server.url));
    expect(code).toBe(1);
    const outcome = parsed(out).results.find((r) => r.request.endsWith('outcome'))!;
    expect(outcome).toMatchObject({ expected: 'SUCCESS', got: 'FAIL', conforms: false });
    expect(outcome.violations[0]!.message).toMatch(/error_code "IMG.0188", fail_reason "The vault is unavailable."/);
    // Every answer on the way conformed: only the outcome is wrong.
    expect(parsed(out).results.filter((r) => !r.conforms)).toHaveLength(1);
  });

  it('a job that never ends: the deadline wins, in bounded time', async () => {
    const server = await startImsServer({ steps: [{ status: 'RUNNING', percent: 0.3 }] });
    const started = performance.now();
    const { code, out } = await run(apply(server.url, '--job-timeout-ms', '400'));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(code).toBe(1);
    const outcome = parsed(out).results.find((r) => r.request.endsWith('outcome'))!;
    expect(outcome).toMatchObject({ got: 'not ended within 400 ms', conforms: false });
    expect(rules(outcome)).toEqual(['deadline']);
    expect(parsed(out).job).toMatchObject({ status: 'RUNNING', ended: false });
    expect(server.polls().length).toBeGreaterThanOrEqual(2);
  });

  it('a job that goes backwards, and a percentage that falls: each poll that does it is named', async () => {
    const server = await startImsServer({
      steps: [
        { status: 'RUNNING', percent: 0.6 },
        { status: 'INIT', percent: 0.6 },
        { status: 'RUNNING', percent: 0.4 },
        { status: 'SUCCESS', percent: 1 },
      ],
    });
    const { code, out } = await run(apply(server.url));
    expect(code).toBe(1);
    const polls = parsed(out).results.filter((r) => r.request.startsWith('poll'));
    expect(polls.map(rules)).toEqual([[], ['job-order'], ['job-progress'], []]);
    expect(polls[1]!.violations[0]!.message).toBe('$.status went back from "RUNNING" to "INIT"');
  });

  it('an unknown status value: a schema violation on that poll, and the job is still followed', async () => {
    const server = await startImsServer({
      steps: [
        { status: 'PAUSED', percent: 0.1 },
        { status: 'SUCCESS', percent: 1 },
      ],
    });
    const { code, out } = await run(apply(server.url));
    expect(code).toBe(1);
    const polls = parsed(out).results.filter((r) => r.request.startsWith('poll'));
    expect(polls[0]!.violations.map((v) => `${v.path} ${v.rule}`)).toContain('$.status enum');
    expect(parsed(out).job).toMatchObject({ status: 'SUCCESS' });
  });

  it('polls that fail on the way (503 with Retry-After, then no answer): reported, the job not lost, the wait honoured', async () => {
    const server = await startImsServer({
      steps: [{ http: 503, retryAfter: '1' }, (response) => response.destroy(), { status: 'SUCCESS', percent: 1 }],
    });
    const { code, out, err } = await run(apply(server.url));
    expect(code).toBe(1); // the two failed polls are reported...
    const polls = parsed(out).results.filter((r) => r.request.startsWith('poll'));
    expect(polls[0]).toMatchObject({ expected: 200, got: 503 });
    expect(rules(polls[1])).toEqual(['answer']);
    expect(parsed(out).job).toMatchObject({ status: 'SUCCESS', ended: true }); // ...and the job still followed
    expect(err).toMatch(/polling on/);
    const [first503, second] = server.polls();
    expect(second!.at - first503!.at).toBeGreaterThanOrEqual(950); // Retry-After: 1 stretched a 30 ms wait
  });

  const badIds: [string, unknown][] = [
    ['empty', ''],
    ['not a string', 42],
    ['a dot-dot segment', '..'],
    ['missing', undefined],
  ];
  for (const [label, jobId] of badIds)
    it(`a job_id that is ${label} in the 200: reported, and no poll sent anywhere`, async () => {
      const server = await startImsServer({ submitted: jobId === undefined ? {} : { job_id: jobId } });
      const { code, out } = await run(apply(server.url));
      expect(code).toBe(1);
      const [submitted] = applied(out);
      expect(submitted!.violations.map((v) => v.rule)).toContain('job_id');
      expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
    });

  it('hostile polls: a redirect is not followed, a 300 MiB answer not read, a hang cut at the time limit', async () => {
    const elsewhere = await startImsServer();
    const server = await startImsServer({
      steps: [
        redirect(307, `${elsewhere.url}/steal`),
        flood(200, 300 * MiB),
        trickle(50),
        { status: 'SUCCESS', percent: 1 },
      ],
    });
    const started = performance.now();
    const { out } = await run(apply(server.url, '--timeout-ms', '300'));
    expect(performance.now() - started).toBeLessThan(10_000);
    const polls = parsed(out).results.filter((r) => r.request.startsWith('poll'));
    expect(polls.slice(0, 3).map(rules)).toEqual([['redirect'], ['size'], ['answer']]);
    expect(polls[2]!.got).toBe('no answer within 300 ms');
    expect(elsewhere.requests).toHaveLength(0);
    expect(parsed(out).job).toMatchObject({ status: 'SUCCESS' });
  });

  it('bad --apply arguments exit 2 before anything is sent', async () => {
    const server = await startImsServer();
    const cases: [string[], RegExp][] = [
      [[...base(server.url), '--apply', 'maybe'], /--apply must be one of accepted, rejected, got "maybe"/],
      [[...base(server.url), '--images', imageId], /--images goes only with --apply/],
      [[...base(server.url), '--poll-ms', '5'], /--poll-ms goes only with --apply/],
      [[...base(server.url), '--apply', 'rejected', '--vault-id', 'v'], /--vault-id goes only with/],
      [
        [...base(server.url), '--apply', 'accepted', '--images', `${imageId},${imageId}`],
        /--apply cannot send this batch: /,
      ],
      [
        [...base(server.url), '--apply', 'accepted', '--images', 'x'],
        /--apply cannot send this batch: \$\.images\[0\]/,
      ],
      [
        [...base(server.url), '--apply', 'accepted', '--job-timeout-ms', '0'],
        /--job-timeout-ms must be a positive whole number/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(message);
    }
    expect(server.requests).toHaveLength(0);
  });
});
