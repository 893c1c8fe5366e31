// Probes of showImageSchema (GET /v2/schemas/image), Glance's image schema: with and without a token.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function showImageSchemaProbes(_: Options): Probe[] {
  const operationId = 'showImageSchema';
  return [
    { operationId, label: 'image schema', pathValues: {}, body: undefined, auth: true, expected: 200 },
    { operationId, label: 'image schema: no token', pathValues: {}, body: undefined, auth: false, expected: 401 },
  ];
}
