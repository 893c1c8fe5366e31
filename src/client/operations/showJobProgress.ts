// GET /v1/cloudimages/job/{job_id} (ShowJobProgress): a job's state and how far it is. The
// recommended way to follow the job a batch update started.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise, type Sent } from '../core.js';
import type { CallOptions } from '../options.js';

/** A job as ShowJobProgress shows it, `entities.process_percent` included. */
export type JobProgress = components['schemas']['JobProgress'];

/** The call with the answer's `Retry-After` kept: the waiter polls with it. */
export const sendShowJobProgress = (core: Core, jobId: string, call?: CallOptions): Promise<Sent<JobProgress>> =>
  core.send<JobProgress>('showJobProgress', { path: { job_id: jobId }, retryAfterOn200: true }, call);

export function showJobProgress(core: Core, jobId: string, call?: CallOptions): ImsPromise<JobProgress> {
  return imsPromise(sendShowJobProgress(core, jobId, call));
}
