// POST /v1/cloudimages/members: the owner shares images with projects, as a job
// (imsAddImageMembersJob); each added member is `pending` until it answers. See ./member-batch.ts.
import type { ImageFault } from '../job-engine.js';
import type { SandboxAnswer } from '../types.js';
import { judgeMemberBatch } from './member-batch.js';
import type { OperationContext, OperationModule } from './types.js';

/** An image fault judged at once, in this call's words (its examples are where the job's words come from). */
function faultAnswer(c: OperationContext<'batchAddImageMembers'>, fault: ImageFault): SandboxAnswer {
  if (fault.status === 400) return c.example(400, fault.example);
  if (fault.status === 403) return c.example(403, fault.example);
  return c.example(404, fault.example);
}

export const batchAddImageMembers: OperationModule<'batchAddImageMembers'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) =>
    judgeMemberBatch(c, 'add', {
      self: () => c.example(400, 'share_with_self'),
      fault: (fault) => faultAnswer(c, fault),
    }),
};
