// Probes of showImagesSchema (GET /v2/schemas/images), Glance's image-list schema: with and without a token.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function showImagesSchemaProbes(_: Options): Probe[] {
  const operationId = 'showImagesSchema';
  return [
    { operationId, label: 'image-list schema', pathValues: {}, body: undefined, auth: true, expected: 200 },
    { operationId, label: 'image-list schema: no token', pathValues: {}, body: undefined, auth: false, expected: 401 },
  ];
}
