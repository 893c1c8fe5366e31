// Member jobs: what a batch update starts. A job moves INIT -> RUNNING -> SUCCESS or FAIL on the
// sandbox's clock (the `now` option, so tests never sleep), works through its images in order
// while RUNNING (each image judged against the world and applied when the job reaches it), and is
// worked out lazily: nothing runs in the background, every request first brings the jobs up to now.
import { type ExampleName, exampleIds } from '../../generated/contract.js';
import { examplesOf } from './answers.js';
import type { JobResult, JobStatus, JobView, World, WorldJob } from './types.js';
import type { WorldState } from './world.js';

interface Job extends WorldJob {
  submittedMs: number;
  results: JobResult[];
}

/** The job type of a member job, as the spec's examples name it. */
const jobType = (Object.values(examplesOf('showJobProgress')[200] ?? {})[0]?.value as { job_type?: string })?.job_type;
/** The IMS `{code, message}` of a named example, for a failed image: the same words the single update uses. */
const imsError = <Op extends 'updateImageMemberStatus' | 'batchUpdateImageMembers', Status extends 400 | 404>(
  operation: Op,
  status: Status,
  name: ExampleName<Op, Status>,
) => {
  const value = examplesOf(operation)[status]?.[name]?.value as { error?: { code: string; message: string } };
  if (!value?.error) throw new Error(`${operation} has no IMS-shaped example ${name} for ${status}`);
  return value.error;
};
const failures = {
  unavailable: () => imsError('batchUpdateImageMembers', 404, 'image_unavailable'),
  vaultRequired: () => imsError('updateImageMemberStatus', 400, 'vault_id_required'),
  vaultUnavailable: () => imsError('updateImageMemberStatus', 400, 'vault_unavailable'),
};

/** UTC with milliseconds, as jobs show times. */
const jobTime = (ms: number) => new Date(ms).toISOString();
/** UTC to the second, as member times are shown. */
const memberTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function randomJobId() {
  let hex = '';
  for (const b of crypto.getRandomValues(new Uint8Array(16))) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export interface Jobs {
  /** Starts a job for a member project; returns its ID. */
  submit(request: Omit<WorldJob, 'id' | 'submitted_at'>): string;
  /** The job as it is now (as of the last `advance`), or undefined. */
  view(id: string): JobView | undefined;
  /** Brings every unfinished job up to now (applying the images it has reached). */
  advance(): void;
  /** Every job, as it is now. */
  list(): JobView[];
  /** Back to the world's jobs as loaded. */
  reset(): void;
}

export function createJobs(world: World, state: WorldState, now: () => Date): Jobs {
  const initMs = world.job_timing?.init_ms ?? 500;
  const runningMs = world.job_timing?.running_ms ?? 2000;
  const partlyFailedEnds: JobStatus = world.partial_failure === 'success' ? 'SUCCESS' : 'FAIL';
  let jobs = new Map<string, Job>();
  let unfinished = new Set<Job>();

  const load = (job: WorldJob, submittedMs: number): Job => ({ ...job, submittedMs, results: [] });
  function reset() {
    jobs = new Map((world.jobs ?? []).map((job) => [job.id, load(job, Date.parse(job.submitted_at))]));
    unfinished = new Set(jobs.values());
  }
  reset();

  const beginMs = (job: Job) => job.submittedMs + initMs;
  const endMs = (job: Job) => beginMs(job) + runningMs;
  /** When the job reaches its i-th image: spread evenly over the running time, the last at its end. */
  const reachMs = (job: Job, i: number) => beginMs(job) + (runningMs * (i + 1)) / job.images.length;

  /** One image of a job, judged against the world as it is when the job reaches it, and applied. */
  function apply(job: Job, imageId: string, atMs: number): JobResult {
    const projectId = state.projectId(job.project);
    const result = (error?: { code: string; message: string }): JobResult => ({
      image_id: imageId,
      project_id: projectId,
      status: error ? 'FAIL' : 'SUCCESS',
      ...(error ? { error } : {}),
    });
    const image = state.image(imageId);
    // Not shared with the member, made private, the member's own image: the service does not reveal which.
    const member = image && image.visibility === 'shared' ? state.member(image, job.project) : undefined;
    if (!image || !member) return result(failures.unavailable());
    if (job.status === 'accepted' && image.full_ecs_by_cbr) {
      if (job.vault_id === undefined) return result(failures.vaultRequired());
      if (!member.vaults.includes(job.vault_id)) return result(failures.vaultUnavailable());
    }
    if (member.status !== job.status) {
      member.status = job.status;
      member.updated_at = memberTime(atMs);
    }
    return result();
  }

  /**
   * Applies every image any unfinished job has reached by now, in the order of the times they
   * were reached (across jobs, so two jobs on one image end as the later one says).
   */
  function advance() {
    if (unfinished.size === 0) return;
    const nowMs = now().getTime();
    const due: { job: Job; at: number }[] = [];
    for (const job of unfinished) {
      if (job.stays) continue;
      for (let i = job.results.length; i < job.images.length; i++) {
        const at = reachMs(job, i);
        if (at > nowMs) break;
        due.push({ job, at });
      }
    }
    due.sort((a, b) => a.at - b.at); // stable: the earlier job first at equal times
    for (const { job, at } of due) job.results.push(apply(job, job.images[job.results.length]!, at));
    for (const job of unfinished)
      if (job.stays === undefined && job.results.length === job.images.length) unfinished.delete(job);
  }

  function statusOf(job: Job, nowMs: number): JobStatus {
    if (job.stays === 'INIT' || nowMs < beginMs(job)) return 'INIT';
    if (job.stays === 'RUNNING' || job.results.length < job.images.length) return 'RUNNING';
    const failed = job.results.filter((r) => r.status === 'FAIL').length;
    if (failed === 0) return 'SUCCESS';
    return failed === job.results.length ? 'FAIL' : partlyFailedEnds;
  }

  function percentOf(job: Job, status: JobStatus, nowMs: number) {
    if (status === 'INIT') return 0;
    if (status === 'SUCCESS' || status === 'FAIL') return 1;
    const elapsed = Math.max(0, nowMs - beginMs(job));
    // A job that never ends creeps towards 1 without reaching it; others rise with the clock.
    const fraction = job.stays ? 1 - Math.exp(-elapsed / Math.max(runningMs, 1)) : elapsed / Math.max(runningMs, 1);
    return Math.min(0.99, Math.floor(fraction * 100) / 100);
  }

  function view(id: string): JobView | undefined {
    const job = jobs.get(id);
    if (!job) return undefined;
    const nowMs = now().getTime();
    const status = statusOf(job, nowMs);
    const ended = status === 'SUCCESS' || status === 'FAIL';
    const firstFailure = job.results.find((r) => r.error)?.error;
    return {
      job_id: job.id,
      job_type: jobType ?? 'imsUpdateImageMembersJob',
      project: job.project,
      status,
      begin_time: status === 'INIT' ? null : jobTime(beginMs(job)),
      end_time: ended ? jobTime(endMs(job)) : null,
      error_code: status === 'FAIL' ? (firstFailure?.code ?? null) : null,
      fail_reason: status === 'FAIL' ? (firstFailure?.message ?? null) : null,
      process_percent: percentOf(job, status, nowMs),
      results: job.results.map((r) => ({ ...r })),
      images: [...job.images],
      request: { status: job.status, ...(job.vault_id === undefined ? {} : { vault_id: job.vault_id }) },
    };
  }

  return {
    submit(request) {
      let id = randomJobId();
      while (jobs.has(id) || id === exampleIds.job_id) id = randomJobId();
      const submittedMs = now().getTime();
      const job = load({ ...request, id, submitted_at: jobTime(submittedMs) }, submittedMs);
      jobs.set(id, job);
      unfinished.add(job);
      return id;
    },
    view,
    advance,
    list: () => [...jobs.keys()].map((id) => view(id)!),
    reset,
  };
}
