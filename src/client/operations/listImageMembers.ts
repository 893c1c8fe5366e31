// GET /v2/images/{image_id}/members (GlanceListImageMembers): the owner sees every member, a
// member only itself. Glance answers the whole list at once.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** The answer: `members` and the `schema` path of the list. */
export type MemberList = components['schemas']['MemberList'];

export function listImageMembers(core: Core, imageId: string, call?: CallOptions): ImsPromise<MemberList> {
  return imsPromise(core.send<MemberList>('listImageMembers', { path: { image_id: imageId } }, call));
}
