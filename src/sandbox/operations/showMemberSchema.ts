// GET /v2/schemas/member: Glance's JSON Schema of a member, which every member answer points to
// (`schema`) and real clients fetch after an update. Any caller with an identity may read it.
import type { OperationModule } from './types.js';

export const showMemberSchema: OperationModule<'showMemberSchema'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge: (c) => c.forced('reserved') ?? c.forced('world') ?? c.example(200, 'member_schema'),
};
