// PUT /v1/cloudimages/members: a member accepts or rejects several shared images at once. The
// request is judged at once, in the same order as the single update (identity is the pipeline's):
// the body's shape, the caller (it acts only for its own project), the status value, the
// contract's own rules. What concerns one image of the list is the job's to find (../job-engine.ts).

import { operationRules } from '../../../generated/contract.js';
import { jsonType } from '../answers.js';
import { validateBodyOf } from '../contract.js';
import { breaks } from '../rules.js';
import type { MemberDecision } from '../types.js';
import type { OperationModule } from './types.js';

const { variants } = operationRules.batchUpdateImageMembers.requestBody;
const statuses: string[] = Object.keys(variants);
/** A project_id the contract refuses is the contract's 400, not a question of who the caller is. */
const projectRule = variants.accepted.properties.project_id;

export const batchUpdateImageMembers: OperationModule<'batchUpdateImageMembers'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    if (!c.text.trim()) return c.example(400, 'body_empty');
    if (c.contentType !== jsonType || !c.isObject || !('status' in c.fields)) return c.example(400, 'request_invalid');

    const reserved = c.forced('reserved');
    if (reserved) return reserved;

    // The caller acts for its own project only: another project of this region is 403, one the
    // region does not have 404 (IMS's "tenant does not exist in this region").
    const projectId = c.fields.project_id;
    if (typeof projectId === 'string' && !breaks(projectRule, projectId) && projectId !== c.state.projectId(c.caller))
      return c.state.projectNamed(projectId) === undefined
        ? c.example(404, 'project_not_found')
        : c.example(403, 'project_id_mismatch');

    const status = c.fields.status;
    // Every wrong status value carries one reason, as on the v2 call.
    if (typeof status !== 'string' || !statuses.includes(status)) return c.example(400, 'invalid_status');

    const byWorld = c.forced('world');
    if (byWorld) return byWorld;

    if (!validateBodyOf('batchUpdateImageMembers', c.body)?.valid) return c.example(400, 'request_invalid');
    const update = c.body as { images: string[]; status: MemberDecision; vault_id?: string };
    const jobId = c.jobs.submit({
      project: c.caller,
      images: update.images,
      status: update.status,
      ...(update.vault_id === undefined ? {} : { vault_id: update.vault_id }),
    });
    return c.answer(200, { job_id: jobId });
  },
};
