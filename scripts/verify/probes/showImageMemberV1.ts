// Probes of showImageMemberV1 (GET /v1/{project_id}/cloudimages/{image_id}/members/{member_id}):
// a read changes nothing: an image no server has gets the answer the spec chose, no token its 401.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { declaredStatusOf } from './declared.js';

export function showImageMemberV1Probes(o: Options): Probe[] {
  const operationId = 'showImageMemberV1';
  const pathValues = () => ({ project_id: o.projectId, image_id: crypto.randomUUID(), member_id: o.memberId });
  return [
    {
      operationId,
      label: 'member (v1 read): unknown image',
      pathValues: pathValues(),
      body: undefined,
      auth: true,
      expected: declaredStatusOf(operationId, 'image_unavailable'),
      reason: 'image_unavailable',
    },
    {
      operationId,
      label: 'member (v1 read): no token',
      pathValues: pathValues(),
      body: undefined,
      auth: false,
      expected: 401,
    },
  ];
}
