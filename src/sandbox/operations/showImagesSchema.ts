// GET /v2/schemas/images: Glance's JSON Schema of an image list, which every list answer names
// in `schema`. Any caller with an identity may read it.
import type { OperationModule } from './types.js';

export const showImagesSchema: OperationModule<'showImagesSchema'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => c.forced('reserved') ?? c.forced('world') ?? c.example(200, 'images_schema'),
};
