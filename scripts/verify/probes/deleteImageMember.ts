// Probes of deleteImageMember (DELETE /v2/images/{image_id}/members/{member_id}): only requests
// that change nothing (no token, an image that exists nowhere). The real revoke of --share is in
// addImageMember's probes, right after the share it undoes.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function deleteImageMemberProbes(o: Options): Probe[] {
  const operationId = 'deleteImageMember';
  const at = (imageId: string) => ({ image_id: imageId, member_id: o.memberId });
  return [
    { operationId, label: 'delete: no token', pathValues: at(o.imageId), body: undefined, auth: false, expected: 401 },
    {
      operationId,
      label: 'delete: unknown image',
      pathValues: at(crypto.randomUUID()),
      body: undefined,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}
