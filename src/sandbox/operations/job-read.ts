// What the two job reads share (not an operation: ./showJobProgress.ts and ./showJob.ts are): a
// job as it is now on the sandbox's clock, judged after identity in the same order for both: the
// URL's IDs, the caller's project, the job (unknown 404, another project's 403). Each read only
// says what its `entities` show.
import type { ExampleName } from '../../../generated/contract.js';
import type { JobView, SandboxAnswer } from '../types.js';
import type { OperationContext } from './types.js';

type JobRead = 'showJob' | 'showJobProgress';
/** A name both job reads declare for a status: the shared steps answer with those only. */
type SharedName<Status extends number> = ExampleName<'showJob', Status> & ExampleName<'showJobProgress', Status>;
/** The context of either job read, as the shared steps use it. */
type JobReadContext = Omit<OperationContext<JobRead>, 'example'> & {
  example<Status extends 400 | 403 | 404>(status: Status, name: SharedName<Status>): SandboxAnswer;
};

export function readJob(c: JobReadContext, entities: (job: JobView) => Record<string, unknown>): SandboxAnswer {
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
    entities: entities(job),
  });
}
