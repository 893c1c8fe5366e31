// GET / (version discovery): Glance's versions document, which it answers with 300 Multiple
// Choices; the links point at the URL the client used, followed by `/v2/`.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** The versions a server serves. */
export type ApiVersions = components['schemas']['ApiVersions'];

export function listVersions(core: Core, call?: CallOptions): ImsPromise<ApiVersions> {
  // The spec's answer is 300, not 200: the document is the success.
  return imsPromise(core.send<ApiVersions>('listVersions', { success: 300 }, call));
}
