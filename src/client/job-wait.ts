// Waiting for a job's outcome, and the batch accept and reject built on it: submit once, then
// poll ShowJobProgress with a growing interval until the job is SUCCESS or FAIL, and read the
// per-image results from ShowJob. A poll that fails for a passing reason (network, 5xx, a slow
// answer) is survived, since the job goes on without us; everything else ends the wait with a
// typed error carrying the job's ID, so the caller can resume with `waitForJob(jobId)`.
import { operationRules } from '../../generated/contract.js';
import {
  type FailedImage,
  ImsAbortError,
  ImsApiError,
  ImsContractError,
  type ImsError,
  ImsInputError,
  ImsJobFailedError,
  ImsNetworkError,
  ImsTimeoutError,
} from '../errors.js';
import { isJobStatus, type JobStatus, jobEnded, jobStages } from '../job-stages.js';
import { type Core, pause } from './core.js';
import { checkPathParameters } from './input.js';
import type { BatchMemberStatusUpdate } from './operations/batchUpdateImageMembers.js';
import { batchUpdateImageMembers } from './operations/batchUpdateImageMembers.js';
import { type Job, type JobImageResult, showJob } from './operations/showJob.js';
import { type JobProgress, sendShowJobProgress } from './operations/showJobProgress.js';
import type { AttemptEvent } from './options.js';

export type { JobStatus } from '../job-stages.js';

export interface WaitOptions {
  /** Stops the wait (and the poll under way) at once. The job itself goes on. */
  signal?: AbortSignal;
  /** The longest the wait may take, polls included. Default 300,000 ms (Huawei's Terraform provider waits 5 minutes). */
  waitTimeoutMs?: number;
  /** The wait before the first poll, and the first interval. Default 1,000 ms. */
  firstPollMs?: number;
  /** The longest interval between polls; each grows by half up to it. Default 10,000 ms. */
  maxPollMs?: number;
  /** Called after each poll that read the job: its status and how far it is. */
  onProgress?: (progress: JobProgressEvent) => void;
  /** Called after every attempt of every request of the wait (see `ImsClientOptions.onAttempt`). */
  onAttempt?: (event: AttemptEvent) => void;
  /** The project for ShowJob's per-image results. Default: the client's `projectId`. */
  projectId?: string;
}

/** One poll's news, as `onProgress` reports it. */
export interface JobProgressEvent {
  jobId: string;
  status: JobStatus;
  /** `entities.process_percent`, a fraction from 0 to 1, when the service gave it. */
  percent: number | undefined;
  /** Polls that read the job so far, this one included. */
  polls: number;
  /** The job as this poll read it. */
  job: JobProgress;
}

/** A job that ended `SUCCESS`. */
export interface JobOutcome {
  jobId: string;
  status: 'SUCCESS';
  /** The job as last read: ShowJob's when it answered (with `entities.results`), else ShowJobProgress's. */
  job: Job | JobProgress;
  /** One result per image, when the service listed them (ShowJob); undefined when it did not. */
  results: JobImageResult[] | undefined;
  /** Images whose result was not a success, should a successful job list any. */
  failedImages: FailedImage[];
  /** Polls that read the job. */
  polls: number;
}

/** Options of `acceptSharedImages` and `rejectSharedImages`. */
export interface BatchOptions extends WaitOptions {
  /** Your project: the member whose status changes. Default: the client's `projectId`. */
  projectId?: string;
}

/** Options of `acceptSharedImages`. */
export interface BatchAcceptOptions extends BatchOptions {
  /** The CBR vault to hold full-ECS images created by CBR; required by IMS for such images. */
  vaultId?: string;
}

/** A poll failure that says nothing about the job: the service or the way to it stumbled. */
const passing = (error: unknown) =>
  error instanceof ImsNetworkError ||
  (error instanceof ImsTimeoutError && error.scope !== 'wait') ||
  (error instanceof ImsApiError && error.status >= 500);

const failed = (results: JobImageResult[] | undefined): FailedImage[] =>
  (results ?? [])
    .filter((r) => String(r.status).toUpperCase() !== 'SUCCESS')
    .map((r) => ({ imageId: r.image_id, status: r.status }));

const contractError = (path: string, rule: string, message: string, body: unknown) =>
  new ImsContractError(200, [{ path, rule, message }], body, undefined);

function checkDefaults(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value >= 0))
    throw new ImsInputError(field, `must be a number of milliseconds of at least 0, got ${value}`);
  return value;
}

export async function waitForJob(core: Core, jobId: string, options: WaitOptions = {}): Promise<JobOutcome> {
  const waitTimeoutMs = checkDefaults(options.waitTimeoutMs, 'waitTimeoutMs', 300_000);
  let interval = checkDefaults(options.firstPollMs, 'firstPollMs', 1_000);
  const maxPollMs = checkDefaults(options.maxPollMs, 'maxPollMs', 10_000);
  const projectId = options.projectId ?? core.projectId;
  // A bad job ID fails now, not after the first interval.
  checkPathParameters(operationRules.showJobProgress.pathParameters, { job_id: jobId });
  const deadlineAt = Date.now() + waitTimeoutMs;
  // One signal for every request of the wait: the caller's abort or the wait's own deadline.
  const stopper = new AbortController();
  const timer = setTimeout(() => stopper.abort(), waitTimeoutMs);
  const onAbort = () => stopper.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stopper.abort();
  const call = { signal: stopper.signal, ...(options.onAttempt && { onAttempt: options.onAttempt }) };
  const tagged = <E extends ImsError>(error: E): E => {
    error.jobId = jobId;
    return error;
  };
  const stopped = () =>
    tagged(options.signal?.aborted ? new ImsAbortError() : new ImsTimeoutError('wait', waitTimeoutMs));
  try {
    let polls = 0;
    let stage = 0;
    let wait = interval;
    let last: JobProgress;
    for (;;) {
      if ((await pause(wait, deadlineAt, stopper.signal)) !== undefined) throw stopped();
      interval = Math.min(maxPollMs, interval * 1.5);
      let sent: Awaited<ReturnType<typeof sendShowJobProgress>>;
      try {
        sent = await sendShowJobProgress(core, jobId, call);
      } catch (error) {
        if (stopper.signal.aborted) throw stopped();
        if (!passing(error)) throw tagged(error as ImsError);
        wait = interval; // the job goes on; look again later
        continue;
      }
      polls++;
      last = sent.data;
      const status = (last as { status?: unknown })?.status;
      if (!isJobStatus(status))
        throw tagged(
          contractError(
            '$.status',
            'enum',
            `$.status must be one of ${Object.keys(jobStages).join(', ')}, got ${JSON.stringify(status) ?? 'undefined'}`,
            last,
          ),
        );
      if (jobStages[status] < stage)
        throw tagged(
          contractError('$.status', 'order', `$.status went back to ${status}: a job only moves forward`, last),
        );
      stage = jobStages[status];
      const percent = last.entities?.process_percent;
      options.onProgress?.({ jobId, status, percent, polls, job: last });
      if (jobEnded(status)) break;
      wait = Math.max(sent.retryAfterMs ?? 0, interval);
    }
    // The per-image results are on ShowJob only (deprecated, and it needs the project): asked
    // for once, and done without when it cannot answer; the job's own status stands either way.
    let job: Job | JobProgress = last;
    let results: JobImageResult[] | undefined;
    if (projectId !== undefined) {
      try {
        const detailed = await showJob(core, projectId, jobId, call);
        if (detailed.status !== last.status)
          throw contractError(
            '$.status',
            'order',
            `$.status is ${JSON.stringify(detailed.status)} on ShowJob after ${last.status} on ShowJobProgress: a job only moves forward`,
            detailed,
          );
        job = detailed;
        results = Array.isArray(detailed.entities?.results) ? detailed.entities.results : undefined;
      } catch (error) {
        if (stopper.signal.aborted) throw stopped();
        if (error instanceof ImsContractError) throw tagged(error);
      }
    }
    if (last.status === 'FAIL')
      throw new ImsJobFailedError(jobId, job.error_code ?? null, job.fail_reason ?? null, failed(results), job);
    return { jobId, status: 'SUCCESS', job, results, failedImages: failed(results), polls };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Submits a batch update and waits for its outcome. */
export async function updateSharedImages(
  core: Core,
  status: BatchMemberStatusUpdate['status'],
  imageIds: readonly string[],
  options: BatchAcceptOptions = {},
): Promise<JobOutcome> {
  const projectId = options.projectId ?? core.projectId;
  if (projectId === undefined)
    throw new ImsInputError(
      'projectId',
      'is required',
      'is required: pass { projectId } (your own project, the member) or create the client with projectId or credentials',
    );
  if (status === 'rejected' && (options as { vaultId?: unknown }).vaultId !== undefined)
    throw new ImsInputError(
      'vaultId',
      'is not allowed when status is rejected',
      'is not allowed on a reject: a vault holds images you accept',
    );
  const body = {
    images: imageIds,
    project_id: projectId,
    status,
    ...(status === 'accepted' && options.vaultId !== undefined && { vault_id: options.vaultId }),
  } as BatchMemberStatusUpdate;
  const call = {
    ...(options.signal && { signal: options.signal }),
    ...(options.onAttempt && { onAttempt: options.onAttempt }),
  };
  const { job_id: jobId } = await batchUpdateImageMembers(core, body, call);
  return waitForJob(core, jobId, { ...options, projectId });
}
