// Probes of showJob (GET /v1/{project_id}/jobs/{job_id}, the deprecated job read). A read changes
// nothing: a job no server has must get the answer the spec chose for it, and no token its 401.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { declaredStatusOf, unknownJobId } from './declared.js';

export function showJobProbes(o: Options): Probe[] {
  const operationId = 'showJob';
  return [
    {
      operationId,
      label: 'job (deprecated read): unknown job',
      pathValues: { project_id: o.projectId, job_id: unknownJobId() },
      body: undefined,
      auth: true,
      expected: declaredStatusOf(operationId, 'job_not_found'),
      reason: 'job_not_found',
    },
    {
      operationId,
      label: 'job (deprecated read): no token',
      pathValues: { project_id: o.projectId, job_id: unknownJobId() },
      body: undefined,
      auth: false,
      expected: 401,
    },
  ];
}
