// Probes of showJobProgress (GET /v1/cloudimages/job/{job_id}, the recommended job read). A read
// changes nothing: a job no server has must get the answer the spec chose for it, and no token its 401.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { declaredStatusOf, unknownJobId } from './declared.js';

export function showJobProgressProbes(_: Options): Probe[] {
  const operationId = 'showJobProgress';
  return [
    {
      operationId,
      label: 'job progress: unknown job',
      pathValues: { job_id: unknownJobId() },
      body: undefined,
      auth: true,
      expected: declaredStatusOf(operationId, 'job_not_found'),
      reason: 'job_not_found',
    },
    {
      operationId,
      label: 'job progress: no token',
      pathValues: { job_id: unknownJobId() },
      body: undefined,
      auth: false,
      expected: 401,
    },
  ];
}
