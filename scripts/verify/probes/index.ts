// Every operation's probes, by operation ID; verify sends those --operations picks, in order.
import type { OperationId } from '../../../generated/contract.js';
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { batchUpdateImageMembersProbes } from './batch-update-image-members.js';
import {
  addImageMemberProbes,
  deleteImageMemberProbes,
  listImageMembersProbes,
  showImageMemberProbes,
  showMembersSchemaProbes,
} from './image-members.js';
import { showJobProbes, showJobProgressProbes } from './jobs.js';
import { showMemberSchemaProbes } from './show-member-schema.js';
import { updateImageMemberStatusProbes } from './update-image-member-status.js';

const builders: Partial<Record<string, (o: Options) => Probe[]>> = {
  updateImageMemberStatus: updateImageMemberStatusProbes,
  showMemberSchema: showMemberSchemaProbes,
  batchUpdateImageMembers: batchUpdateImageMembersProbes,
  showJobProgress: showJobProgressProbes,
  showJob: showJobProbes,
  listImageMembers: listImageMembersProbes,
  showImageMember: showImageMemberProbes,
  showMembersSchema: showMembersSchemaProbes,
  addImageMember: addImageMemberProbes,
  deleteImageMember: deleteImageMemberProbes,
};

/** The probes of the operations asked for, in the order verify sends them. */
export function plan(o: Options, operations: OperationId[] = o.operations): Probe[] {
  return operations.flatMap((id) => builders[id]?.(o) ?? []);
}
