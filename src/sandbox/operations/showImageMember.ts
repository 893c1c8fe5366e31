// GET /v2/images/{image_id}/members/{member_id}: the owner reads any member, a member only itself
// (another member's ID is "not found in the member list", as a project that is no member is);
// a project that does not see the image gets 404 for the image, and the owner of an image that is
// not shared 404 "Only shared images have members" (measured on a real Glance).
import { memberBody, visibleImage } from './member-access.js';
import type { OperationModule } from './types.js';

export const showImageMember: OperationModule<'showImageMember'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    const reserved = c.forced('reserved');
    if (reserved) return reserved;
    const image = visibleImage(c.state, c.params.image_id!, c.paramsValid, c.caller);
    if (!image) return c.example(404, 'image_not_found');
    if (image.visibility !== 'shared') return c.example(404, 'image_not_shared');
    const byWorld = c.forced('world');
    if (byWorld) return byWorld;
    const project = c.state.projectNamed(c.params.member_id!);
    const member = project === undefined ? undefined : c.state.member(image, project);
    if (!member || (image.owner !== c.caller && project !== c.caller)) return c.example(404, 'member_not_found');
    return c.answer(200, memberBody(c.state, image, member));
  },
};
