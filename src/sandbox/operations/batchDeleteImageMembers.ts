// DELETE /v1/cloudimages/members: the owner stops sharing images with projects, as a job
// (imsDelImageMembersJob); the member's next call on the image is 404. See ./member-batch.ts.
import { judgeMemberBatch } from './member-batch.js';
import type { OperationModule } from './types.js';

export const batchDeleteImageMembers: OperationModule<'batchDeleteImageMembers'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) =>
    judgeMemberBatch(c, 'delete', {
      // A delete meets only the faults of who owns the image and whether it exists (../job-engine.ts).
      fault: (fault) =>
        fault.status === 403
          ? c.example(403, fault.example)
          : fault.status === 404
            ? c.example(404, fault.example)
            : c.example(400, 'request_invalid'),
    }),
};
