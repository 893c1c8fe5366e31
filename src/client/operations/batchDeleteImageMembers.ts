// DELETE /v1/cloudimages/members (BatchDeleteMembers): the owner stops sharing images with
// projects. Asynchronous: the answer is a job ID (imsDelImageMembersJob).
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';
import type { BatchMembers } from './batchAddImageMembers.js';
import { type BatchJob, checkJobId } from './batchUpdateImageMembers.js';

export function batchDeleteImageMembers(core: Core, body: BatchMembers, call?: CallOptions): ImsPromise<BatchJob> {
  return imsPromise(core.send<BatchJob>('batchDeleteImageMembers', { body }, call).then(checkJobId));
}
