// PUT /v1/cloudimages/members (BatchUpdateMembers): accept or reject several shared images at
// once. Asynchronous: the answer is a job ID, and the outcome is read from the job (../job-wait.ts).
import type { components } from '../../../generated/types.js';
import { ImsContractError } from '../../errors.js';
import { type Core, type ImsPromise, type ImsResult, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** The request body: the images, the member project, and `accepted` (optionally with `vault_id`) or `rejected`. */
export type BatchMemberStatusUpdate = components['schemas']['BatchMemberStatusUpdate'];
/** The 200 answer: the ID of the job the update started. */
export type BatchJob = components['schemas']['BatchJob'];

/**
 * A 200 without a usable job ID leaves nothing to follow: a contract error, checked here even
 * without a validator, since everything after it depends on the ID.
 */
function checkJobId(result: ImsResult<BatchJob>): ImsResult<BatchJob> {
  const jobId = (result.data as { job_id?: unknown } | undefined)?.job_id;
  if (typeof jobId === 'string' && jobId !== '' && !jobId.includes('/')) return result;
  const problem =
    typeof jobId !== 'string'
      ? { rule: 'type', message: `$.job_id must be a string, got ${jobId === null ? 'null' : typeof jobId}` }
      : jobId === ''
        ? { rule: 'minLength', message: '$.job_id must not be empty' }
        : { rule: 'pattern', message: '$.job_id must be one URL segment (no "/")' };
  throw new ImsContractError(200, [{ path: '$.job_id', ...problem }], result.data, result.requestId);
}

export function batchUpdateImageMembers(
  core: Core,
  body: BatchMemberStatusUpdate,
  call?: CallOptions,
): ImsPromise<BatchJob> {
  return imsPromise(core.send<BatchJob>('batchUpdateImageMembers', { body }, call).then(checkJobId));
}
