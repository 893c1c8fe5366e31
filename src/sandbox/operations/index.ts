// Every operation of the spec has its rules here, keyed by operation ID: the type below makes a
// new operation in the spec a compile error until it has a module.
import type { OperationId } from '../../../generated/contract.js';
import { addImageMember } from './addImageMember.js';
import { batchUpdateImageMembers } from './batchUpdateImageMembers.js';
import { deleteImageMember } from './deleteImageMember.js';
import { showJob, showJobProgress } from './jobs.js';
import { listImageMembers } from './listImageMembers.js';
import { showImageMember } from './showImageMember.js';
import { showMemberSchema } from './showMemberSchema.js';
import { showMembersSchema } from './showMembersSchema.js';
import type { OperationModule } from './types.js';
import { updateImageMemberStatus } from './updateImageMemberStatus.js';

export const operations: Record<OperationId, OperationModule> = {
  updateImageMemberStatus,
  showMemberSchema,
  batchUpdateImageMembers,
  showJobProgress,
  showJob,
  addImageMember,
  listImageMembers,
  showImageMember,
  deleteImageMember,
  showMembersSchema,
};
