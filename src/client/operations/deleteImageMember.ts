// DELETE /v2/images/{image_id}/members/{member_id} (GlanceDeleteImageMember): the owner stops
// sharing; 204, nothing to read. Idempotent in effect, so the core may resend it after a 5xx or a
// lost connection: a resend whose first attempt went through answers 404 `member_not_found`.
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

export function deleteImageMember(core: Core, imageId: string, memberId: string, call?: CallOptions): ImsPromise<void> {
  return imsPromise(core.send<void>('deleteImageMember', { path: { image_id: imageId, member_id: memberId } }, call));
}
