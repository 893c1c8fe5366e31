// GET /v1/{project_id}/jobs/{job_id} (deprecated): a job as it is now on the sandbox's clock, with
// a result per image it has reached. The judging order is shared with showJobProgress
// (./job-read.ts); the project in the URL must be the caller's.
import { readJob } from './job-read.js';
import type { OperationModule } from './types.js';

export const showJob: OperationModule<'showJob'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) =>
    readJob(c, (job) => ({
      results: job.results.map(({ image_id, project_id, status }) => ({ image_id, project_id, status })),
    })),
};
