// What the Glance v2 member calls (add, list, show, delete) share: who sees an image, and a
// member as Glance answers it. Measured on a real Glance (docs/glance.md): an image exists for
// its owner, and for a project that is one of its members while the image is `shared`; for
// anyone else (a stranger, a member of an image made private) it does not.

import { examplesOf } from '../answers.js';
import type { ImageState, MemberState } from '../types.js';
import type { WorldState } from '../world.js';

/** Where every member answer points for the member schema: as the spec's 200 example says. */
export const memberSchemaPath = (
  Object.values(examplesOf('showImageMember')[200] ?? {})[0]?.value as { schema?: string }
)?.schema;

/** UTC to the second, as the service formats member times: `2026-11-22T13:16:31Z`. */
export const serviceTime = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

/** The image as the caller sees it: undefined when it does not exist for the caller (404). */
export function visibleImage(state: WorldState, id: string, paramsValid: boolean, caller: string) {
  // A malformed image ID names no image: Glance looks it up and answers 404 like any unknown one.
  if (!paramsValid) return undefined;
  const image = state.image(id);
  if (!image) return undefined;
  if (image.owner === caller) return image;
  return image.visibility === 'shared' && state.member(image, caller) ? image : undefined;
}

/** A member as Glance answers it (its own fields, in the service's order). */
export function memberBody(state: WorldState, image: ImageState, member: MemberState) {
  return {
    status: member.status,
    created_at: member.created_at,
    updated_at: member.updated_at,
    image_id: image.id,
    member_id: state.projectId(member.project),
    schema: memberSchemaPath,
  };
}
