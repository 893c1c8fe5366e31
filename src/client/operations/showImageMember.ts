// GET /v2/images/{image_id}/members/{member_id} (GlanceShowImageMember): one membership; the
// owner may read any, a member only its own.
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';
import type { Member } from './updateImageMemberStatus.js';

export function showImageMember(core: Core, imageId: string, memberId: string, call?: CallOptions): ImsPromise<Member> {
  return imsPromise(core.send<Member>('showImageMember', { path: { image_id: imageId, member_id: memberId } }, call));
}
