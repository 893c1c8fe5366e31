// The one map of a job's statuses to how far along they are, shared by the client's wait
// (src/client/job-wait.ts) and `npm run verify --apply` (scripts/verify/apply.ts): a job only moves
// forward, and the statuses of the last stage end it. Typed by the spec's enum, so a status added
// to or removed from the spec fails to compile here until it is placed.
import type { components } from '../generated/types.js';

/** A job's status, as the spec enumerates it. */
export type JobStatus = components['schemas']['JobStatus'];

/** How far along each status is. */
export const jobStages: Readonly<Record<JobStatus, number>> = { INIT: 0, RUNNING: 1, SUCCESS: 2, FAIL: 2 };

const lastStage = Math.max(...Object.values(jobStages));

/** Whether a value is a status the spec declares (a server may send anything). */
export const isJobStatus = (status: unknown): status is JobStatus =>
  typeof status === 'string' && Object.hasOwn(jobStages, status);

/** The stage of a status the spec declares, else undefined. */
export const stageOf = (status: unknown): number | undefined => (isJobStatus(status) ? jobStages[status] : undefined);

/** Whether a job with this status has ended (SUCCESS or FAIL: the statuses of the last stage). */
export const jobEnded = (status: unknown): boolean => stageOf(status) === lastStage;
