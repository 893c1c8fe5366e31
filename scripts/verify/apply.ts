// --apply: one real batch update, then its job followed to an end within --job-timeout-ms, each
// poll an answer judged like any other. The job ID comes from the server, so it is checked before
// it goes into a URL; waits grow and honour Retry-After; a poll that fails (no answer, a 5xx, a
// redirect) is reported and the next one tried, so the job is not lost; the deadline bounds it all.
import type { OperationId } from '../../generated/contract.js';
import { clip } from '../../src/http.js';
import { jobEnded, stageOf } from '../../src/job-stages.js';
import type { ContractValidator, ContractViolation } from '../../src/validate.js';
import type { Options } from './args.js';
import { batchOperationId, jobOperationId, jobProgressOperationId, probedOperations } from './operations.js';
import type { Probe, Result } from './probe.js';
import { exchange, judge } from './send.js';

/** What the job came to, for the JSON report and the closing lines. */
export interface JobSummary {
  jobId: string;
  /** The last status read, or undefined when no poll was answered. */
  status: string | undefined;
  ended: boolean;
  polls: number;
  elapsedMs: number;
  errorCode?: unknown;
  failReason?: unknown;
  /** Per image, as the deprecated job read lists them. */
  results?: unknown;
}

/** The longest wait between two polls, however long the job runs. */
const MAX_POLL_WAIT_MS = 10_000;

const field = (body: unknown, name: string): unknown =>
  typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[name]
    : undefined;
/** A server's value, safe to print: quoted (control characters escaped) and cut short. */
const shown = (value: unknown) => clip(JSON.stringify(value) ?? 'undefined', 120);

export interface JobRun {
  results: Result[];
  job?: JobSummary;
}

/** Performs the batch update and follows its job; `log` gets a line per request as it happens. */
export async function applyAndFollow(
  o: Options,
  contract: ContractValidator,
  log: (line: string) => void,
): Promise<JobRun> {
  const status = o.apply!;
  const body = { images: o.images, project_id: o.projectId, status, ...(o.vaultId && { vault_id: o.vaultId }) };
  const submit: Probe = {
    operationId: batchOperationId,
    label: `apply: batch update to ${status} (${o.images.length} image${o.images.length === 1 ? '' : 's'})`,
    pathValues: {},
    body: JSON.stringify(body),
    auth: true,
    expected: 200,
  };
  const results: Result[] = [];
  const started = performance.now();
  const answer = await exchange(o, submit);
  if ('request' in answer) {
    log(`[apply] ${answer.request}: ${answer.got}`);
    return { results: [answer] };
  }
  const { body: submitted, ...result } = judge(submit, answer, contract);
  results.push(result);
  const jobId = field(submitted, 'job_id');
  // The ID goes into the poll's URL: only one the contract allows there is used (a hostile server
  // could send "..", an object, or nothing at all).
  const idProblem =
    typeof jobId !== 'string' || jobId === ''
      ? `$.job_id is ${shown(jobId)}: no job to follow`
      : contract.validatePathParameters({ job_id: jobId }, jobProgressOperationId).violations[0]?.message;
  if (answer.status === 200 && idProblem) {
    result.violations.push({ path: '$.job_id', rule: 'job_id', message: idProblem });
    result.conforms = false;
  }
  log(
    `[apply] ${submit.label}: got ${answer.status}${typeof jobId === 'string' && !idProblem ? `, job ${jobId}` : ''}`,
  );
  if (answer.status !== 200 || idProblem) return { results };

  const id = jobId as string;
  const deadline = started + o.jobTimeoutMs;
  const pollOperation = probedOperations.includes(jobProgressOperationId) ? jobProgressOperationId : jobOperationId;
  const pathValues = (operationId: OperationId): Record<string, string> =>
    operationId === jobOperationId ? { project_id: o.projectId, job_id: id } : { job_id: id };
  let wait = o.pollMs;
  let polls = 0;
  let last: unknown;
  let lastPercent: number | undefined;
  while (!jobEnded(field(last, 'status'))) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, left)));
    const remaining = Math.max(1, Math.floor(deadline - performance.now()));
    polls += 1;
    const poll: Probe = {
      operationId: pollOperation,
      label: `poll ${polls}: job ${pollOperation === jobOperationId ? '(deprecated read)' : 'progress'}`,
      pathValues: pathValues(pollOperation),
      body: undefined,
      auth: true,
      expected: 200,
      echo: { job_id: id },
    };
    const got = await exchange(o, poll, Math.min(o.timeoutMs, remaining));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if ('request' in got) {
      results.push(got);
      log(`[poll ${polls} at ${seconds} s] ${got.got}; polling on`);
    } else {
      const { body: read, ...judged } = judge(poll, got, contract);
      const now = field(read, 'status');
      const percent = field(field(read, 'entities'), 'process_percent');
      if (got.status === 200) {
        judged.violations.push(...orderViolations(field(last, 'status'), now, lastPercent, percent));
        judged.conforms = judged.violations.length === 0;
        last = read;
        if (typeof percent === 'number') lastPercent = percent;
      }
      results.push(judged);
      const progress = typeof percent === 'number' ? `, process_percent ${percent}` : '';
      log(
        `[poll ${polls} at ${seconds} s] ${got.status} ${got.status === 200 ? `${shown(now)}${progress}` : '(polling on)'}`,
      );
    }
    wait = Math.min(MAX_POLL_WAIT_MS, Math.round(wait * 1.5));
    // Retry-After (in seconds) stretches the next wait past that cap; the deadline still bounds it.
    const asked = 'request' in got || got.retryAfter === null ? Number.NaN : Number(got.retryAfter);
    if (Number.isFinite(asked) && asked >= 0) wait = Math.max(wait, asked * 1000);
  }

  const final = field(last, 'status');
  const elapsedMs = Math.round(performance.now() - started);
  const job: JobSummary = {
    jobId: id,
    status: typeof final === 'string' ? final : undefined,
    ended: jobEnded(final),
    polls,
    elapsedMs,
  };
  if (jobEnded(final)) {
    job.errorCode = field(last, 'error_code');
    job.failReason = field(last, 'fail_reason');
  }
  results.push(outcome(o, job));
  if (jobEnded(final) && pollOperation !== jobOperationId && probedOperations.includes(jobOperationId)) {
    const read = await readResults(o, contract, id, final as string, pathValues(jobOperationId));
    results.push(read.result);
    job.results = read.results;
    if (Array.isArray(read.results))
      for (const entry of read.results)
        log(`[job] image ${shown(field(entry, 'image_id'))}: ${shown(field(entry, 'status'))}`);
  }
  log(
    `[job] ${id}: ${job.ended ? `ended ${job.status}` : `not ended (last ${shown(job.status)})`} after ${polls} poll(s), ${elapsedMs} ms`,
  );
  return { results, job };
}

/** A job moves forward only: INIT, RUNNING, then SUCCESS or FAIL; its percentage never falls. */
function orderViolations(
  before: unknown,
  now: unknown,
  percentBefore?: number,
  percentNow?: unknown,
): ContractViolation[] {
  const found: ContractViolation[] = [];
  const [from, to] = [stageOf(before), stageOf(now)];
  if (from !== undefined && to !== undefined && to < from)
    found.push({
      path: '$.status',
      rule: 'job-order',
      message: `$.status went back from ${shown(before)} to ${shown(now)}`,
    });
  if (percentBefore !== undefined && typeof percentNow === 'number' && percentNow < percentBefore)
    found.push({
      path: '$.entities.process_percent',
      rule: 'job-progress',
      message: `$.entities.process_percent fell from ${percentBefore} to ${percentNow}`,
    });
  return found;
}

/** The row that says how the job ended: SUCCESS is what --apply asked for. */
function outcome(o: Options, job: JobSummary): Result {
  const request = `job ${job.jobId} outcome`;
  if (!job.ended)
    return {
      request,
      expected: 'SUCCESS',
      got: `not ended within ${o.jobTimeoutMs} ms`,
      conforms: false,
      violations: [
        {
          path: '$.status',
          rule: 'deadline',
          message: `the job was still ${shown(job.status)} after ${job.polls} poll(s) when --job-timeout-ms ran out`,
        },
      ],
    };
  if (job.status === 'SUCCESS') return { request, expected: 'SUCCESS', got: 'SUCCESS', conforms: true, violations: [] };
  return {
    request,
    expected: 'SUCCESS',
    got: 'FAIL',
    conforms: false,
    violations: [
      {
        path: '$.status',
        rule: 'outcome',
        message: `the job ended FAIL (error_code ${shown(job.errorCode)}, fail_reason ${shown(job.failReason)})`,
      },
    ],
  };
}

/** One read of the deprecated job view, the only one with a result per image: it must agree. */
async function readResults(
  o: Options,
  contract: ContractValidator,
  jobId: string,
  final: string,
  pathValues: Record<string, string>,
): Promise<{ result: Result; results?: unknown }> {
  const probe: Probe = {
    operationId: jobOperationId,
    label: 'job results (deprecated read)',
    pathValues,
    body: undefined,
    auth: true,
    expected: 200,
    echo: { job_id: jobId, status: final },
  };
  const answer = await exchange(o, probe);
  if ('request' in answer) return { result: answer };
  const { body, ...result } = judge(probe, answer, contract);
  const listed = field(field(body, 'entities'), 'results');
  if (answer.status === 200 && Array.isArray(listed)) {
    const named = listed.map((entry) => field(entry, 'image_id'));
    for (const image of o.images)
      if (!named.includes(image))
        result.violations.push({
          path: '$.entities.results',
          rule: 'results',
          message: `no result for image ${image}`,
        });
    for (const image of named)
      if (!o.images.includes(image as string))
        result.violations.push({
          path: '$.entities.results',
          rule: 'results',
          message: `a result for ${shown(image)}, an image this batch did not name`,
        });
    result.conforms = result.violations.length === 0;
  }
  return { result, results: listed };
}
