// Every operation of the spec has its rules here, keyed by operation ID: the type below makes a
// new operation in the spec a compile error until it has a module.
import type { OperationId } from '../../../generated/contract.js';
import { batchAddImageMembers } from './batchAddImageMembers.js';
import { batchDeleteImageMembers } from './batchDeleteImageMembers.js';
import { batchUpdateImageMembers } from './batchUpdateImageMembers.js';
import { showJob, showJobProgress } from './jobs.js';
import { listImageMembersV1 } from './listImageMembersV1.js';
import { showImageMemberV1 } from './showImageMemberV1.js';
import { showMemberSchema } from './showMemberSchema.js';
import type { OperationModule } from './types.js';
import { updateImageMemberStatus } from './updateImageMemberStatus.js';

export const operations: Record<OperationId, OperationModule> = {
  updateImageMemberStatus,
  showMemberSchema,
  batchUpdateImageMembers,
  showJobProgress,
  showJob,
  batchAddImageMembers,
  batchDeleteImageMembers,
  listImageMembersV1,
  showImageMemberV1,
};
