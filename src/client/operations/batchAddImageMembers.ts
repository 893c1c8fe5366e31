// POST /v1/cloudimages/members (BatchAddMembers): the owner shares images with projects.
// Asynchronous: the answer is a job ID (imsAddImageMembersJob), the outcome is read from the job.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';
import { type BatchJob, checkJobId } from './batchUpdateImageMembers.js';

/** The request body of a batch add or delete: the images, and the projects (optionally domains, organizations). */
export type BatchMembers = components['schemas']['BatchMembers'];

export function batchAddImageMembers(core: Core, body: BatchMembers, call?: CallOptions): ImsPromise<BatchJob> {
  return imsPromise(core.send<BatchJob>('batchAddImageMembers', { body }, call).then(checkJobId));
}
