// GET /v2/schemas/members: Glance's JSON Schema of a member list, which every list points to
// (`schema`). Any caller with an identity may read it.
import type { OperationModule } from './types.js';

export const showMembersSchema: OperationModule<'showMembersSchema'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => c.forced('reserved') ?? c.forced('world') ?? c.example(200, 'members_schema'),
};
