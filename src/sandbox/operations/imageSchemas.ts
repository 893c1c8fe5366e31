// GET /v2/schemas/image and /v2/schemas/images: Glance's JSON Schemas, which every image answer
// and every list names in `schema` (python-glanceclient reads the first after each image read).
// Any caller with an identity may read them.
import type { OperationModule } from './types.js';

export const showImageSchema: OperationModule = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => c.forced('reserved') ?? c.forced('world') ?? c.example(200, 'image_schema'),
};

export const showImagesSchema: OperationModule = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => c.forced('reserved') ?? c.forced('world') ?? c.example(200, 'images_schema'),
};
