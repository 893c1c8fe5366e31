// GET /v1/cloudimages/job/{job_id}: a job's state and how far it has got (`process_percent`), as
// it is now on the sandbox's clock. The judging order is shared with showJob (./job-read.ts).
import { readJob } from './job-read.js';
import type { OperationModule } from './types.js';

export const showJobProgress: OperationModule<'showJobProgress'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => readJob(c, (job) => ({ process_percent: job.process_percent, current_task: '' })),
};
