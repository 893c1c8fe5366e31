// GET /v1/cloudimages/job/{job_id} (showJobProgress) and the deprecated GET
// /v1/{project_id}/jobs/{job_id} (showJob): a job as it is now on the sandbox's clock. Judged after
// identity: the URL's IDs, the caller's project, the job (unknown 404, another project's 403).
import type { JobView } from '../jobs.js';
import type { OperationContext, OperationModule } from './types.js';

function judgeJob(c: OperationContext, show: (job: JobView) => Record<string, unknown>) {
  if (!c.paramsValid) return c.example(400, 'request_invalid');
  const own = c.state.projectId(c.caller);
  if (c.params.project_id !== undefined && c.params.project_id !== own) return c.example(403, 'project_id_mismatch');
  const reserved = c.forced('reserved');
  if (reserved) return reserved;
  const job = c.jobs.view(c.params.job_id!);
  if (!job) return c.example(404, 'job_not_found');
  if (job.project !== c.caller) return c.example(403, 'project_id_mismatch');
  const byWorld = c.forced('world');
  if (byWorld) return byWorld;
  return c.answer(200, {
    job_id: job.job_id,
    job_type: job.job_type,
    begin_time: job.begin_time,
    end_time: job.end_time,
    status: job.status,
    error_code: job.error_code,
    fail_reason: job.fail_reason,
    entities: show(job),
  });
}

export const showJobProgress: OperationModule = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => judgeJob(c, (job) => ({ process_percent: job.process_percent, current_task: '' })),
};

export const showJob: OperationModule = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) =>
    judgeJob(c, (job) => ({
      results: job.results.map(({ image_id, project_id, status }) => ({ image_id, project_id, status })),
    })),
};
