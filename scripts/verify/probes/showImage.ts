// Probes of showImage (GET /v2/images/{image_id}): the --image-id image as the caller sees it (a
// member of a shared image reads it), and without a token. Reads only.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function showImageProbes(o: Options): Probe[] {
  const operationId = 'showImage';
  const pathValues = { image_id: o.imageId };
  return [
    { operationId, label: 'image', pathValues, body: undefined, auth: true, expected: 200 },
    { operationId, label: 'image: no token', pathValues, body: undefined, auth: false, expected: 401 },
  ];
}
