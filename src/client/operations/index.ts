// The client's registry of operations: one module per operation of the spec, named by its
// operationId, and the public methods of `ImsClient` that call it. Typed by `OperationId`, so an
// operation added to the spec without a client module, or without a method, fails to compile
// here; test/client-operations.test.ts checks that each listed method sends its operation.
import type { OperationId } from '../../../generated/contract.js';
import type { ImsClient } from '../../index.js';
import { addImageMember } from './addImageMember.js';
import { batchAddImageMembers } from './batchAddImageMembers.js';
import { batchDeleteImageMembers } from './batchDeleteImageMembers.js';
import { batchUpdateImageMembers } from './batchUpdateImageMembers.js';
import { deleteImageMember } from './deleteImageMember.js';
import { listImageMembers } from './listImageMembers.js';
import { listImageMembersV1 } from './listImageMembersV1.js';
import { listSharedImages } from './listImages.js';
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
import { updateImageMemberStatus } from './updateImageMemberStatus.js';

/** A public method of the client (every one but `raw`). */
export type ClientMethod = Exclude<keyof ImsClient, 'raw'>;

/** An operation's module as the registry lists it: its call, and the methods built on it (one at least). */
export interface ClientOperation {
  readonly call: (...args: never[]) => unknown;
  readonly methods: readonly [ClientMethod, ...ClientMethod[]];
}

export const clientOperations = {
  updateImageMemberStatus: {
    call: updateImageMemberStatus,
    methods: ['updateMemberStatus', 'acceptSharedImage', 'rejectSharedImage'],
  },
  showMemberSchema: { call: showMemberSchema, methods: ['showMemberSchema'] },
  batchUpdateImageMembers: {
    call: batchUpdateImageMembers,
    methods: ['batchUpdateImageMembers', 'acceptSharedImages', 'rejectSharedImages'],
  },
  showJobProgress: { call: showJobProgress, methods: ['showJobProgress', 'waitForJob'] },
  showJob: { call: showJob, methods: ['showJob'] },
  batchAddImageMembers: { call: batchAddImageMembers, methods: ['batchAddImageMembers', 'shareImages'] },
  batchDeleteImageMembers: { call: batchDeleteImageMembers, methods: ['batchDeleteImageMembers', 'revokeImages'] },
  listImageMembersV1: { call: listImageMembersV1, methods: ['listImageMembersV1', 'listImageMembersV1Page'] },
  showImageMemberV1: { call: showImageMemberV1, methods: ['showImageMemberV1'] },
  listVersions: { call: listVersions, methods: ['listVersions'] },
  listVersionsDocument: { call: listVersionsDocument, methods: ['listVersionsDocument'] },
  listImages: { call: listSharedImages, methods: ['listSharedImages'] },
  showImage: { call: showImage, methods: ['showImage'] },
  showImageSchema: { call: showImageSchema, methods: ['showImageSchema'] },
  showImagesSchema: { call: showImagesSchema, methods: ['showImagesSchema'] },
  addImageMember: { call: addImageMember, methods: ['shareImage'] },
  listImageMembers: { call: listImageMembers, methods: ['listImageMembers'] },
  showImageMember: { call: showImageMember, methods: ['showImageMember'] },
  deleteImageMember: { call: deleteImageMember, methods: ['revokeImageMember'] },
  showMembersSchema: { call: showMembersSchema, methods: ['showMembersSchema'] },
} as const satisfies Record<OperationId, ClientOperation>;
