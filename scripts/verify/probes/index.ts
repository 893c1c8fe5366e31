// Every operation's probes, by operation ID: one module per operation, named by its ID, as the
// client (src/client/operations/) and the sandbox (src/sandbox/operations/) name theirs. The
// registry is typed by the spec's OperationId, so an operation without probes fails to compile.
// verify sends those --operations picks, in order.
import type { OperationId } from '../../../generated/contract.js';
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { signingProbes } from '../signing.js';
import { addImageMemberProbes } from './addImageMember.js';
import { batchAddImageMembersProbes } from './batchAddImageMembers.js';
import { batchDeleteImageMembersProbes } from './batchDeleteImageMembers.js';
import { batchUpdateImageMembersProbes } from './batchUpdateImageMembers.js';
import { deleteImageMemberProbes } from './deleteImageMember.js';
import { listImageMembersProbes } from './listImageMembers.js';
import { listImageMembersV1Probes } from './listImageMembersV1.js';
import { listImagesProbes } from './listImages.js';
import { listVersionsProbes } from './listVersions.js';
import { listVersionsDocumentProbes } from './listVersionsDocument.js';
import { showImageProbes } from './showImage.js';
import { showImageMemberProbes } from './showImageMember.js';
import { showImageMemberV1Probes } from './showImageMemberV1.js';
import { showImageSchemaProbes } from './showImageSchema.js';
import { showImagesSchemaProbes } from './showImagesSchema.js';
import { showJobProbes } from './showJob.js';
import { showJobProgressProbes } from './showJobProgress.js';
import { showMemberSchemaProbes } from './showMemberSchema.js';
import { showMembersSchemaProbes } from './showMembersSchema.js';
import { updateImageMemberStatusProbes } from './updateImageMemberStatus.js';

export const probesByOperation: Record<OperationId, (o: Options) => Probe[]> = {
  updateImageMemberStatus: updateImageMemberStatusProbes,
  showMemberSchema: showMemberSchemaProbes,
  batchUpdateImageMembers: batchUpdateImageMembersProbes,
  showJobProgress: showJobProgressProbes,
  showJob: showJobProbes,
  batchAddImageMembers: batchAddImageMembersProbes,
  batchDeleteImageMembers: batchDeleteImageMembersProbes,
  listImageMembersV1: listImageMembersV1Probes,
  showImageMemberV1: showImageMemberV1Probes,
  listVersions: listVersionsProbes,
  listVersionsDocument: listVersionsDocumentProbes,
  listImages: listImagesProbes,
  showImage: showImageProbes,
  showImageSchema: showImageSchemaProbes,
  showImagesSchema: showImagesSchemaProbes,
  addImageMember: addImageMemberProbes,
  listImageMembers: listImageMembersProbes,
  showImageMember: showImageMemberProbes,
  deleteImageMember: deleteImageMemberProbes,
  showMembersSchema: showMembersSchemaProbes,
};

/** The probes of the operations asked for, in the order verify sends them. */
export function plan(o: Options, operations: OperationId[] = o.operations): Probe[] {
  const probes = operations.flatMap((id) => probesByOperation[id](o));
  // Signing with --ak/--sk: the gateway's refusals of a bad signature too, once.
  return [...probes, ...signingProbes(o, probes)];
}
