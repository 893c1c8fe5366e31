// Probes of showMemberSchema (GET /v2/schemas/member), what every v2 200's `schema` field points
// to: it changes nothing, so verify reads it with and without a token.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function showMemberSchemaProbes(_: Options): Probe[] {
  const operationId = 'showMemberSchema';
  return [
    { operationId, label: 'member schema', pathValues: {}, body: undefined, auth: true, expected: 200 },
    { operationId, label: 'member schema: no token', pathValues: {}, body: undefined, auth: false, expected: 401 },
  ];
}
