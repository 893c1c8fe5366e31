// Every operation of the spec has its rules here, keyed by operation ID, one module each named by
// it: the type below makes a new operation in the spec a compile error until it has a module.

import { addImageMember } from './addImageMember.js';
import { batchAddImageMembers } from './batchAddImageMembers.js';
import { batchDeleteImageMembers } from './batchDeleteImageMembers.js';
import { batchUpdateImageMembers } from './batchUpdateImageMembers.js';
import { deleteImageMember } from './deleteImageMember.js';
import { listImageMembers } from './listImageMembers.js';
import { listImageMembersV1 } from './listImageMembersV1.js';
import { listImages } from './listImages.js';
import { listVersions } from './listVersions.js';
import { listVersionsDocument } from './listVersionsDocument.js';
import { showImage } from './showImage.js';
import { showImageMember } from './showImageMember.js';
import { showImageMemberV1 } from './showImageMemberV1.js';
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
  batchAddImageMembers,
  batchDeleteImageMembers,
  listImageMembersV1,
  showImageMemberV1,
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
