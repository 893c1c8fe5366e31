// GET /v2/schemas/member (Glance's member schema): the JSON Schema of an image member, the
// document each member answer names in its `schema` field. Clients that follow that field read it.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** The 200 answer: the member schema, with `name` and `properties` and whatever else Glance adds. */
export type MemberSchema = components['schemas']['MemberSchema'];

export function showMemberSchema(core: Core, call?: CallOptions): ImsPromise<MemberSchema> {
  return imsPromise(core.send<MemberSchema>('showMemberSchema', {}, call));
}
