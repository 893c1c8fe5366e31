// Probes of listVersions (GET /, version discovery): Glance's 300 and its versions document, no
// token needed; it changes nothing.
import type { Options } from '../args.js';
import type { Probe } from '../probe.js';

export function listVersionsProbes(_: Options): Probe[] {
  return [
    {
      operationId: 'listVersions',
      label: 'versions (no token)',
      pathValues: {},
      body: undefined,
      auth: false,
      expected: 300,
    },
  ];
}
