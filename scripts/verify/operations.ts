// The operations verify probes: every operation of the spec (probes/index.ts has probes for each,
// by type), in the spec's order, which is the order verify sends them in.
import { type OperationId, operationRules } from '../../generated/contract.js';

/** Every operation verify probes in this contract, in the order they are sent. */
export const probedOperations = Object.keys(operationRules) as OperationId[];

/** The batch update `--apply` performs, and the job polls that follow it. */
export const batchOperationId = 'batchUpdateImageMembers' as OperationId;
export const jobProgressOperationId = 'showJobProgress' as OperationId;
export const jobOperationId = 'showJob' as OperationId;

/** The statuses a batch update may set: its body's variants, as the spec names them (none without one). */
export const batchStatuses: string[] = Object.hasOwn(operationRules, batchOperationId)
  ? Object.keys((operationRules[batchOperationId].requestBody as { variants: object }).variants)
  : [];
