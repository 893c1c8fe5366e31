// Probes of listVersionsDocument (GET /versions): the versions document, 200, no token needed.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function listVersionsDocumentProbes(_: Options): Probe[] {
  const operationId = 'listVersionsDocument';
  return [
    { operationId, label: 'versions document (no token)', pathValues: {}, body: undefined, auth: false, expected: 200 },
  ];
}
