// GET /v1/{project_id}/cloudimages/{image_id}/members/{member_id} (ShowImageMember): the owner
// reads one member of an image.
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';
import type { Member } from './updateImageMemberStatus.js';

export function showImageMemberV1(
  core: Core,
  projectId: string,
  imageId: string,
  memberId: string,
  call?: CallOptions,
): ImsPromise<Member> {
  const path = { project_id: projectId, image_id: imageId, member_id: memberId };
  return imsPromise(core.send<Member>('showImageMemberV1', { path }, call));
}
