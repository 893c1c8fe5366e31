// DELETE /v2/images/{image_id}/members/{member_id}: the owner stops sharing; 204 and no body.
// A member may not delete (not even itself): 403, as may not the owner of an image that is not
// shared; a project that does not see the image gets 404 (measured on a real Glance). The first
// `created_at` is kept for a project added again, as Glance does.
import { requestIdHeaders } from '../../../generated/contract.js';
import { visibleImage } from './member-access.js';
import type { OperationModule } from './types.js';

export const deleteImageMember: OperationModule<'deleteImageMember'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    const reserved = c.forced('reserved');
    if (reserved) return reserved;
    const image = visibleImage(c.state, c.params.image_id!, c.paramsValid, c.caller);
    if (!image) return c.example(404, 'image_not_found');
    if (image.owner !== c.caller || image.visibility !== 'shared')
      return c.example(403, 'not_allowed_to_delete_members');
    const byWorld = c.forced('world');
    if (byWorld) return byWorld;
    const project = c.state.projectNamed(c.params.member_id!);
    const member = project === undefined ? undefined : c.state.member(image, project);
    if (!member) return c.example(404, 'member_not_found');
    c.state.forget(image, member);
    // No body, hence no Content-Type: the request ID header alone, as the other answers carry it.
    const { [requestIdHeaders[0]]: requestId } = c.answer(204, undefined).headers;
    return { status: 204, headers: { [requestIdHeaders[0]]: requestId! }, body: undefined };
  },
};
