// Probes of addImageMember (POST /v2/images/{image_id}/members): only requests that change
// nothing (a body the service refuses before looking at the image, no token, an image that exists
// nowhere); with --share, the one real add, then its revoke and the revoked member's 404.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function addImageMemberProbes(o: Options): Probe[] {
  const operationId = 'addImageMember';
  const at = (imageId: string) => ({ image_id: imageId });
  const valid = JSON.stringify({ member: o.memberId });
  // --share: the one real add, a pending member of the image, then its revoke and the member's
  // 404, in this order whatever order the operations are probed in.
  const share: Probe[] = o.share
    ? [
        {
          operationId,
          label: 'share with --share',
          pathValues: at(o.imageId),
          body: JSON.stringify({ member: o.share }),
          auth: true,
          expected: 200,
          echo: { image_id: o.imageId, member_id: o.share, status: 'pending' },
          alone: true,
        },
        {
          operationId: 'deleteImageMember',
          label: 'revoke --share',
          pathValues: { image_id: o.imageId, member_id: o.share },
          body: undefined,
          auth: true,
          expected: 204,
          alone: true,
        },
        {
          operationId: 'showImageMember',
          label: 'show the revoked member',
          pathValues: { image_id: o.imageId, member_id: o.share },
          body: undefined,
          auth: true,
          expected: 404,
          reason: 'member_not_found',
          alone: true,
        },
      ]
    : [];
  return [
    ...share,
    { operationId, label: 'add: body missing', pathValues: at(o.imageId), body: undefined, auth: true, expected: 400 },
    {
      operationId,
      label: 'add: member missing',
      pathValues: at(o.imageId),
      body: '{}',
      auth: true,
      expected: 400,
    },
    { operationId, label: 'add: no token', pathValues: at(o.imageId), body: valid, auth: false, expected: 401 },
    {
      operationId,
      label: 'add: unknown image',
      pathValues: at(crypto.randomUUID()),
      body: valid,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}
