// GET /v2/schemas/image (Glance's): the JSON Schema of an image, which every image answer names in its `schema` field.
import type { components } from '../../../generated/types.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** A JSON Schema as Glance serves it: `name`, `properties`, and whatever else Glance adds. */
export type GlanceJsonSchema = components['schemas']['GlanceJsonSchema'];

export function showImageSchema(core: Core, call?: CallOptions): ImsPromise<GlanceJsonSchema> {
  return imsPromise(core.send<GlanceJsonSchema>('showImageSchema', {}, call));
}
