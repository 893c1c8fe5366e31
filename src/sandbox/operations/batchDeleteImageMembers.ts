// DELETE /v1/cloudimages/members: the owner stops sharing images with projects, as a job
// (imsDelImageMembersJob); the member's next call on the image is 404. See ./memberBatch.ts.
import { judgeMemberBatch } from './memberBatch.js';
import type { OperationModule } from './types.js';

export const batchDeleteImageMembers: OperationModule = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => judgeMemberBatch(c, 'delete'),
};
