// Probes of listImageMembers (GET /v2/images/{image_id}/members): it changes nothing, so verify
// reads the image's members with and without a token, and an image that exists nowhere.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function listImageMembersProbes(o: Options): Probe[] {
  const operationId = 'listImageMembers';
  return [
    {
      operationId,
      label: 'list members',
      pathValues: { image_id: o.imageId },
      body: undefined,
      auth: true,
      expected: 200,
    },
    {
      operationId,
      label: 'list: no token',
      pathValues: { image_id: o.imageId },
      body: undefined,
      auth: false,
      expected: 401,
    },
    {
      operationId,
      label: 'list: unknown image',
      pathValues: { image_id: crypto.randomUUID() },
      body: undefined,
      auth: true,
      expected: 404,
      reason: 'image_not_found',
    },
  ];
}
