// GET /v1/{project_id}/jobs/{job_id} (ShowJob): a job with a result per image
// (`entities.results`). Deprecated by Huawei in favour of ShowJobProgress, which lists no results.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** A job as ShowJob shows it, with `entities.results` for a member job. */
export type Job = components['schemas']['Job'];
/** The outcome of a member job for one image. */
export type JobImageResult = components['schemas']['JobImageResult'];

export function showJob(core: Core, projectId: string, jobId: string, call?: CallOptions): ImsPromise<Job> {
  return imsPromise(core.send<Job>('showJob', { path: { project_id: projectId, job_id: jobId } }, call));
}
