// GET /v1/{project_id}/cloudimages/{image_id}/members/{member_id}: the owner reads one member.
import { memberView, ownedImage } from './owner-read.js';
import type { OperationModule } from './types.js';

export const showImageMemberV1: OperationModule<'showImageMemberV1'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    const owned = ownedImage(c);
    if ('refused' in owned) return owned.refused;
    const byWorld = c.forced('world');
    if (byWorld) return byWorld;
    const member = owned.image.members.find((m) => c.state.projectId(m.project) === c.params.member_id);
    if (!member) return c.example(404, 'member_not_found');
    return c.answer(200, memberView(c, member));
  },
};
