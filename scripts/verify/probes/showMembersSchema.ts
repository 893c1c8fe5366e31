// Probes of showMembersSchema (GET /v2/schemas/members), what every member list's `schema` field
// points to: it changes nothing, so verify reads it with and without a token.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function showMembersSchemaProbes(_: Options): Probe[] {
  const operationId = 'showMembersSchema';
  return [
    { operationId, label: 'member list schema', pathValues: {}, body: undefined, auth: true, expected: 200 },
    { operationId, label: 'member list schema: no token', pathValues: {}, body: undefined, auth: false, expected: 401 },
  ];
}
