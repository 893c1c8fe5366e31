// What the page takes from the default world: the page bundles it and the test reads it, so both
// name the same images and the same tokens.
import { defaultWorld } from '../../../src/sandbox/index.js';

/** The project any unknown token acts as: the documents' member. */
export const memberName = defaultWorld.any_token!;
/** The world's full-ECS image created by CBR, and the vault it gives the member. */
export const fullEcs = defaultWorld.images.find((image) => image.full_ecs_by_cbr)!;
export const vaultId = fullEcs.members!.find((m) => m.vaults?.length)!.vaults![0]!;
/** For the batch: plain images the world shares with the member. */
export const batchImages = defaultWorld.images
  .filter((i) => i.visibility !== 'private' && !i.full_ecs_by_cbr && !i.error_shape)
  .filter((i) => i.members?.some((m) => m.project === memberName))
  .map((i) => i.id)
  .slice(0, 3);
/** The owner's image that no project was added to: the one plain image without members. */
export const sharable = defaultWorld.images.find(
  (i) =>
    !i.members?.length &&
    (i.visibility ?? 'shared') === 'shared' &&
    !i.full_ecs &&
    !i.full_ecs_by_cbr &&
    !i.encrypted_default_key &&
    !i.error_shape,
)!;
export const ownerToken = defaultWorld.projects[sharable.owner]!.tokens![0]!;
/** The member's own token, not the any-token fallback. */
export const memberToken = defaultWorld.projects[memberName]!.tokens![0]!;
