// GET /v2/schemas/members (GlanceListImageMemberSchemas): the JSON Schema each member list names
// in its `schema` field.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** Glance's JSON Schema of a member list. */
export type MembersSchema = components['schemas']['MembersSchema'];

export function showMembersSchema(core: Core, call?: CallOptions): ImsPromise<MembersSchema> {
  return imsPromise(core.send<MembersSchema>('showMembersSchema', {}, call));
}
