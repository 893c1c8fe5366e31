// POST /v1/cloudimages/members: the owner shares images with projects, as a job
// (imsAddImageMembersJob); each added member is `pending` until it answers. See ./memberBatch.ts.
import { judgeMemberBatch } from './memberBatch.js';
import type { OperationModule } from './types.js';

export const batchAddImageMembers: OperationModule = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => judgeMemberBatch(c, 'add'),
};
