// Every operation of the spec has its rules here, keyed by operation ID, one module each named by
// it: the type below makes a new operation in the spec a compile error until it has a module.
import { addImageMember } from './addImageMember.js';
import { batchUpdateImageMembers } from './batchUpdateImageMembers.js';
import { deleteImageMember } from './deleteImageMember.js';
import { listImageMembers } from './listImageMembers.js';
import { listImages } from './listImages.js';
import { listVersions } from './listVersions.js';
import { listVersionsDocument } from './listVersionsDocument.js';
import { showImage } from './showImage.js';
import { showImageMember } from './showImageMember.js';
import { showImageSchema } from './showImageSchema.js';
import { showImagesSchema } from './showImagesSchema.js';
import { showJob } from './showJob.js';
import { showJobProgress } from './showJobProgress.js';
import { showMemberSchema } from './showMemberSchema.js';
import { showMembersSchema } from './showMembersSchema.js';
import type { OperationModules } from './types.js';
import { updateImageMemberStatus } from './updateImageMemberStatus.js';

export const operations: OperationModules = {
  updateImageMemberStatus,
  showMemberSchema,
  batchUpdateImageMembers,
  showJobProgress,
  showJob,
  listVersions,
  listVersionsDocument,
  listImages,
  showImage,
  showImageSchema,
  showImagesSchema,
  addImageMember,
  listImageMembers,
  showImageMember,
  deleteImageMember,
  showMembersSchema,
};
