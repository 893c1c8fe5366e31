// Images as Glance v2 shows them: who may see one, and the answer's fields. Shared by showImage
// and listImages (./operations/), so a member sees the same image in both.
import { operationRules } from '../../generated/contract.js';
import { examplesOf } from './answers.js';
import type { ImageState } from './types.js';
import type { WorldState } from './world.js';

/** `/v2/images/{image_id}`, from the spec. */
const imageTemplate = operationRules.showImage.path;
/** Where image answers point for their schema, as the spec's 200 example says. */
const imageSchemaPath = (Object.values(examplesOf('showImage')[200] ?? {})[0]?.value as { schema?: string })?.schema;

/**
 * Whether a project may see an image at all (Glance's rule): its owner always; a member of a
 * shared image whatever its membership's status; nobody else, and no member once it is private.
 */
export function maySee(state: WorldState, image: ImageState, caller: string): boolean {
  if (image.owner === caller) return true;
  return image.visibility === 'shared' && state.member(image, caller) !== undefined;
}

/** The image as Glance answers it, with the world's extra properties as top-level fields. */
export function imageView(state: WorldState, image: ImageState): Record<string, unknown> {
  const self = imageTemplate.replace('{image_id}', image.id);
  return {
    name: image.name,
    disk_format: image.disk_format,
    container_format: image.container_format,
    visibility: image.visibility,
    size: image.size,
    virtual_size: null,
    status: image.status,
    checksum: null,
    protected: image.protected,
    min_ram: image.min_ram,
    min_disk: image.min_disk,
    owner: state.projectId(image.owner),
    os_hidden: image.os_hidden,
    os_hash_algo: null,
    os_hash_value: null,
    ...image.properties,
    id: image.id,
    created_at: image.created_at,
    updated_at: image.updated_at,
    tags: [...image.tags],
    self,
    file: `${self}/file`,
    schema: imageSchemaPath,
  };
}
