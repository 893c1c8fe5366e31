// Every operation of the spec has its rules here, keyed by operation ID: the type below makes a
// new operation in the spec a compile error until it has a module.
import type { OperationId } from '../../../generated/contract.js';
import { batchUpdateImageMembers } from './batchUpdateImageMembers.js';
import { showJob, showJobProgress } from './jobs.js';
import { listImages } from './listImages.js';
import { showImage } from './showImage.js';
import { showImageSchema } from './showImageSchema.js';
import { showImagesSchema } from './showImagesSchema.js';
import { showMemberSchema } from './showMemberSchema.js';
import type { OperationModule } from './types.js';
import { updateImageMemberStatus } from './updateImageMemberStatus.js';
import { listVersions } from './listVersions.js';
import { listVersionsDocument } from './listVersionsDocument.js';

export const operations: Record<OperationId, OperationModule> = {
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
};
