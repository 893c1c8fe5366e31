// GET /v2/images/{image_id} (Glance's image read): one image, to its owner or to a member it is
// shared with; 404 `image_not_found` for anyone else.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** An image as Glance v2 shows it (Huawei's `__` properties come as further fields). */
export type Image = components['schemas']['Image'];

export function showImage(core: Core, imageId: string, call?: CallOptions): ImsPromise<Image> {
  return imsPromise(core.send<Image>('showImage', { path: { image_id: imageId } }, call));
}
