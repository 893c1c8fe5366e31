// The operations verify has probes for, as far as the spec has them: a contract without the v1
// operations (an older bundle, a partner's subset) still verifies what it declares.
import { type OperationId, operationRules } from '../../generated/contract.js';

/** The operations with probes, in the order verify sends them. */
const withProbes = [
  'updateImageMemberStatus',
  'showMemberSchema',
  'batchUpdateImageMembers',
  'showJobProgress',
  'showJob',
  'listImageMembers',
  'showImageMember',
  'showMembersSchema',
  'addImageMember',
  'deleteImageMember',
] as const;

/** Every operation verify probes in this contract, in the order they are sent. */
export const probedOperations: OperationId[] = withProbes.filter(
  (id): id is (typeof withProbes)[number] & OperationId => Object.hasOwn(operationRules, id),
);

/** The batch update `--apply` performs, and the job polls that follow it. */
export const batchOperationId = 'batchUpdateImageMembers' as OperationId;
export const jobProgressOperationId = 'showJobProgress' as OperationId;
export const jobOperationId = 'showJob' as OperationId;

/** The statuses a batch update may set: its body's variants, as the spec names them (none without one). */
export const batchStatuses: string[] = Object.hasOwn(operationRules, batchOperationId)
  ? Object.keys((operationRules[batchOperationId].requestBody as { variants: object }).variants)
  : [];
