// GET /v2/schemas/image: Glance's JSON Schema of an image, which every image answer
// names in `schema` (python-glanceclient reads it after each image read).
// Any caller with an identity may read it.
import type { OperationModule } from './types.js';

export const showImageSchema: OperationModule<'showImageSchema'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => c.forced('reserved') ?? c.forced('world') ?? c.example(200, 'image_schema'),
};
