// Probes of deleteImageMember (DELETE /v2/images/{image_id}/members/{member_id}): only requests
// that change nothing (no token, an image that exists nowhere); with --share, the revoke of the
// member the add probe shared the image with, and that member's 404 after.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function deleteImageMemberProbes(o: Options): Probe[] {
  const operationId = 'deleteImageMember';
  const at = (imageId: string) => ({ image_id: imageId, member_id: o.memberId });
  // --share: revoke the member added, then read it: gone.
  const revoke: Probe[] = o.share
    ? [
        {
          operationId,
          label: 'revoke --share',
          pathValues: { image_id: o.imageId, member_id: o.share },
          body: undefined,
          auth: true,
          expected: 204,
        },
        {
          operationId: 'showImageMember',
          label: 'show the revoked member',
          pathValues: { image_id: o.imageId, member_id: o.share },
          body: undefined,
          auth: true,
          expected: 404,
          reason: 'member_not_found',
        },
      ]
    : [];
  return [
    ...revoke,
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
