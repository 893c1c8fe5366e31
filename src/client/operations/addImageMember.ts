// POST /v2/images/{image_id}/members (GlanceAddImageMember): the owner shares an image with a
// project, which becomes a `pending` member. Not idempotent (a second add answers 409), so the
// core never resends it.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';
import type { Member } from './updateImageMemberStatus.js';

/** The request body: the project to share the image with. */
export type MemberCreate = components['schemas']['MemberCreate'];

export function addImageMember(
  core: Core,
  imageId: string,
  body: MemberCreate,
  call?: CallOptions,
): ImsPromise<Member> {
  return imsPromise(core.send<Member>('addImageMember', { path: { image_id: imageId }, body }, call));
}
