// GET /v2/images/{image_id}: one image, to its owner or to a member of a shared image (any
// membership status); 404 for everyone else, in Glance's words, as for an image that does not
// exist. Any text is an ID here: openstacksdk's find_image sends a name first and falls back to
// a `?name=` list on the 404, so a 400 would stop it.
import { imageView, maySee } from '../images.js';
import type { OperationModule } from './types.js';

export const showImage: OperationModule<'showImage'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    const reserved = c.forced('reserved');
    if (reserved) return reserved;
    const image = c.state.image(c.params.image_id!);
    if (!image || !maySee(c.state, image, c.caller)) return c.example(404, 'image_not_found');
    return c.forced('world') ?? c.answer(200, imageView(c.state, image));
  },
};
