// Probes of batchDeleteImageMembers (DELETE /v1/cloudimages/members): the contract's bad requests.
// Each names only an image no server has, so even a server that wrongly takes one removes nothing.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { memberBatchProbes } from './batchAddImageMembers.js';

export function batchDeleteImageMembersProbes(o: Options): Probe[] {
  return memberBatchProbes(o, 'batchDeleteImageMembers', 'revoke');
}
