// Probes of showImageMember (GET /v2/images/{image_id}/members/{member_id}): the member the
// options name, read with and without a token, and on an image that exists nowhere.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function showImageMemberProbes(o: Options): Probe[] {
  const operationId = 'showImageMember';
  const at = (imageId: string) => ({ image_id: imageId, member_id: o.memberId });
  return [
    {
      operationId,
      label: 'show the member',
      pathValues: at(o.imageId),
      body: undefined,
      auth: true,
      expected: 200,
      echo: { image_id: o.imageId, member_id: o.memberId },
    },
    { operationId, label: 'show: no token', pathValues: at(o.imageId), body: undefined, auth: false, expected: 401 },
    {
      operationId,
      label: 'show: unknown image',
      pathValues: at(crypto.randomUUID()),
      body: undefined,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}
