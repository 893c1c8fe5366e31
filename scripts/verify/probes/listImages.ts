// Probes of listImages (GET /v2/images): how a member finds what was shared with it, a filter
// Glance refuses (its 400, read as invalid_member_status), and no token. Reads only.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';
import { declaredStatusOf } from './declared.js';

export function listImagesProbes(_: Options): Probe[] {
  const operationId = 'listImages';
  const reason = 'invalid_member_status';
  return [
    {
      operationId,
      label: 'shared images, pending',
      pathValues: {},
      query: 'visibility=shared&member_status=pending',
      body: undefined,
      auth: true,
      expected: 200,
    },
    {
      operationId,
      label: 'member_status refused',
      pathValues: {},
      query: 'member_status=waiting',
      body: undefined,
      auth: true,
      expected: declaredStatusOf(operationId, reason),
      reason,
    },
    { operationId, label: 'images: no token', pathValues: {}, body: undefined, auth: false, expected: 401 },
  ];
}
