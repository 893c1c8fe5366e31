// GET /v2/images/{image_id}/members: the owner sees every member, a member only itself (any
// status); a project that does not see the image gets 404, the owner of an image that is not
// shared 403 (measured on a real Glance).
import { examplesOf } from '../answers.js';
import { memberBody, visibleImage } from './member-access.js';
import type { OperationModule } from './types.js';

/** Where every member list points for its schema: as the spec's 200 example says. */
const listSchemaPath = (Object.values(examplesOf('listImageMembers')[200] ?? {})[0]?.value as { schema?: string })
  ?.schema;

export const listImageMembers: OperationModule<'listImageMembers'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    const reserved = c.forced('reserved');
    if (reserved) return reserved;
    const image = visibleImage(c.state, c.params.image_id!, c.paramsValid, c.caller);
    if (!image) return c.example(404, 'image_not_found');
    if (image.visibility !== 'shared') return c.example(403, 'image_not_shared');
    const byWorld = c.forced('world');
    if (byWorld) return byWorld;
    const seen = image.owner === c.caller ? image.members : image.members.filter((m) => m.project === c.caller);
    return c.answer(200, { members: seen.map((m) => memberBody(c.state, image, m)), schema: listSchemaPath });
  },
};
