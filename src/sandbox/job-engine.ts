// Member jobs: what a batch update, add or delete starts. A job moves INIT -> RUNNING -> SUCCESS or
// FAIL on the sandbox's clock (the `now` option, so tests never sleep), works through its steps in
// order while RUNNING (an update's images; an add's or delete's image-and-project pairs, image by
// image), each judged against the world and applied when the job reaches it, and is worked out
// lazily: nothing runs in the background, every request first brings the jobs up to now.
import { type ExampleName, exampleIds } from '../../generated/contract.js';
import { examplesOf } from './answers.js';
import type { ImageState, JobKind, JobResult, JobStatus, JobView, World, WorldJob } from './types.js';
import type { WorldState } from './world.js';

/** One step of a job: an image, and the project it concerns. */
interface Step {
  image: string;
  project: string;
}

interface Job extends WorldJob {
  kind: JobKind;
  submittedMs: number;
  steps: Step[];
  results: JobResult[];
}

/** The job type of each kind of member job, as the spec's examples of showJob name them. */
const jobTypeOf = (example: string) =>
  (examplesOf('showJob')[200]?.[example]?.value as { job_type?: string } | undefined)?.job_type;
const jobTypes: Record<JobKind, string | undefined> = {
  update: jobTypeOf('success'),
  add: jobTypeOf('members_added_partly_failed'),
  delete: jobTypeOf('members_removed'),
};
/** The IMS `{code, message}` of a named example, for a failed image: the same words the single update uses. */
const imsError = <
  Op extends 'updateImageMemberStatus' | 'batchUpdateImageMembers' | 'batchAddImageMembers',
  Status extends 400 | 403 | 404,
>(
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

/** A fault of one image in a batch add or delete: the status and example of batchAddImageMembers that says it. */
export type ImageFault =
  | { status: 400; example: ExampleName<'batchAddImageMembers', 400> }
  | { status: 403; example: ExampleName<'batchAddImageMembers', 403> }
  | { status: 404; example: ExampleName<'batchAddImageMembers', 404> };

/**
 * Whether `owner` may add (or remove) the member `project` on an image, by Huawei's sharing rules,
 * in the order they are judged: the image exists, is the caller's, is not public, not encrypted
 * with the default key, not a full-ECS image made otherwise than from a CBR backup, and has room
 * for one more member. Undefined when it may. Used by the job for each step, and at once by a
 * world that judges image faults on the request (`image_faults: request`).
 */
export function imageFault(
  world: World,
  kind: 'add' | 'delete',
  owner: string,
  image: ImageState | undefined,
  project: string,
  adding = 1,
): ImageFault | undefined {
  if (!image) return { status: 404, example: 'image_unavailable' };
  if (image.owner !== owner) return { status: 403, example: 'image_of_another_tenant' };
  if (kind === 'delete') return undefined;
  if (image.visibility === 'public') return { status: 400, example: 'image_public' };
  if (image.encrypted_default_key) return { status: 400, example: 'image_encrypted' };
  if (image.full_ecs && !image.full_ecs_by_cbr) return { status: 400, example: 'full_ecs_not_shareable' };
  if (image.members.some((m) => m.project === project)) return undefined;
  const limit = image.full_ecs ? (world.share_limits?.full_ecs ?? 10) : (world.share_limits?.disk ?? 256);
  if (image.members.length + adding > limit) return { status: 400, example: 'member_quota_reached' };
  return undefined;
}

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

  const load = (job: WorldJob, submittedMs: number): Job => {
    const kind = job.kind ?? 'update';
    // An update acts for one member on each image; an add or delete for each project on each image.
    const projects = kind === 'update' ? [job.project] : (job.projects ?? []);
    const steps = job.images.flatMap((image) => projects.map((project) => ({ image, project })));
    return { ...job, kind, submittedMs, steps, results: [] };
  };
  function reset() {
    jobs = new Map((world.jobs ?? []).map((job) => [job.id, load(job, Date.parse(job.submitted_at))]));
    unfinished = new Set(jobs.values());
  }
  reset();

  const beginMs = (job: Job) => job.submittedMs + initMs;
  const endMs = (job: Job) => beginMs(job) + runningMs;
  /** When the job reaches its i-th step: spread evenly over the running time, the last at its end. */
  const reachMs = (job: Job, i: number) => beginMs(job) + (runningMs * (i + 1)) / job.steps.length;

  /** One step of an add or delete, judged against the world as it is when the job reaches it, and applied. */
  function applyMembers(job: Job, step: Step, atMs: number): JobResult {
    const image = state.image(step.image);
    const fault = imageFault(world, job.kind === 'add' ? 'add' : 'delete', job.project, image, step.project);
    const result: JobResult = {
      image_id: step.image,
      project_id: state.projectId(step.project),
      status: fault ? 'FAIL' : 'SUCCESS',
    };
    if (fault) return { ...result, error: imsError('batchAddImageMembers', fault.status, fault.example) };
    const members = image!.members;
    const at = members.findIndex((m) => m.project === step.project);
    if (job.kind === 'delete') {
      if (at >= 0) members.splice(at, 1);
    } else if (at < 0) {
      const time = memberTime(atMs);
      members.push({ project: step.project, status: 'pending', created_at: time, updated_at: time, vaults: [] });
      // Sharing an image makes it shared again, should it have been made private since.
      image!.visibility = 'shared';
    }
    return result;
  }

  /** One image of an update, judged against the world as it is when the job reaches it, and applied. */
  function apply(job: Job, step: Step, atMs: number): JobResult {
    if (job.kind !== 'update') return applyMembers(job, step, atMs);
    const imageId = step.image;
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
      member.status = job.status!;
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
      for (let i = job.results.length; i < job.steps.length; i++) {
        const at = reachMs(job, i);
        if (at > nowMs) break;
        due.push({ job, at });
      }
    }
    due.sort((a, b) => a.at - b.at); // stable: the earlier job first at equal times
    for (const { job, at } of due) job.results.push(apply(job, job.steps[job.results.length]!, at));
    for (const job of unfinished)
      if (job.stays === undefined && job.results.length === job.steps.length) unfinished.delete(job);
  }

  function statusOf(job: Job, nowMs: number): JobStatus {
    if (job.stays === 'INIT' || nowMs < beginMs(job)) return 'INIT';
    if (job.stays === 'RUNNING' || job.results.length < job.steps.length) return 'RUNNING';
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
      job_type: jobTypes[job.kind] ?? job.kind,
      kind: job.kind,
      project: job.project,
      status,
      begin_time: status === 'INIT' ? null : jobTime(beginMs(job)),
      end_time: ended ? jobTime(endMs(job)) : null,
      error_code: status === 'FAIL' ? (firstFailure?.code ?? null) : null,
      fail_reason: status === 'FAIL' ? (firstFailure?.message ?? null) : null,
      process_percent: percentOf(job, status, nowMs),
      results: job.results.map((r) => ({ ...r })),
      images: [...job.images],
      request:
        job.kind === 'update'
          ? { status: job.status!, ...(job.vault_id === undefined ? {} : { vault_id: job.vault_id }) }
          : { projects: [...(job.projects ?? [])] },
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
