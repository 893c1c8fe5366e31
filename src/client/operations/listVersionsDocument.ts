// GET /versions: the versions document of GET /, answered 200.
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';
import type { ApiVersions } from './listVersions.js';

export function listVersionsDocument(core: Core, call?: CallOptions): ImsPromise<ApiVersions> {
  return imsPromise(core.send<ApiVersions>('listVersionsDocument', {}, call));
}
