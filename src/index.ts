// A typed client for IMS's image member calls. Every type comes from generated/types.ts and
// every rule checked from generated/contract.ts; both are derived from openapi/openapi.yaml by
// `npm run generate`. The transport (auth, signing, time limits, retries, answer reading) is one
// core in ./client/core.ts; each operation is a thin module in ./client/operations/.
import type { Client } from 'openapi-fetch';
import type { paths } from '../generated/types.js';
import { createCore, type ImsPromise } from './client/core.js';
import {
  type Member,
  type MemberStatusUpdate,
  updateImageMemberStatus,
} from './client/operations/updateImageMemberStatus.js';
import type { CallOptions, ImsClientOptions } from './client/options.js';
import { createRawClient } from './client/raw.js';

export type { components, operations, paths } from '../generated/types.js';
export type { ImsPromise, ImsResult } from './client/core.js';
export type { Member, MemberStatusUpdate } from './client/operations/updateImageMemberStatus.js';
export {
  type AnswerValidator,
  type AttemptEvent,
  type CallOptions,
  type ImsClientOptions,
  type Region,
  type RetryOptions,
  regionEndpoint,
  regions,
} from './client/options.js';
export * from './errors.js';
export type { AkSkCredentials } from './signer.js';

/** Options of `acceptSharedImage`. */
export interface AcceptOptions extends CallOptions {
  /** The CBR vault to hold a full-ECS image created by CBR; required by IMS for such an image. */
  vaultId?: string;
}

/** The client `createImsClient` returns. */
export interface ImsClient {
  /**
   * Sets the member's status to the body's `status`.
   * @deprecated Huawei deprecates the native call; use `acceptSharedImages` or `rejectSharedImages`
   * (BatchUpdateMembers), see docs/migration.md.
   */
  updateMemberStatus(
    imageId: string,
    memberId: string,
    body: MemberStatusUpdate,
    call?: CallOptions,
  ): ImsPromise<Member>;
  /**
   * Accepts a shared image; pass `vaultId` for a full-ECS image created by CBR.
   * @deprecated Huawei deprecates the native call: `await client.acceptSharedImages([imageId], { projectId })`
   * does the same through BatchUpdateMembers, see docs/migration.md.
   */
  acceptSharedImage(imageId: string, memberId: string, options?: AcceptOptions): ImsPromise<Member>;
  /**
   * Rejects a shared image: it leaves your image list but can still create ECSs.
   * @deprecated Huawei deprecates the native call: `await client.rejectSharedImages([imageId], { projectId })`
   * does the same through BatchUpdateMembers, see docs/migration.md.
   */
  rejectSharedImage(imageId: string, memberId: string, call?: CallOptions): ImsPromise<Member>;
  /** The underlying openapi-fetch client (auth and signing applied), for anything else. */
  raw: Client<paths>;
}

export function createImsClient(options: ImsClientOptions): ImsClient {
  const core = createCore(options);
  return {
    updateMemberStatus: (imageId, memberId, body, call) => updateImageMemberStatus(core, imageId, memberId, body, call),
    acceptSharedImage: (imageId, memberId, { vaultId, ...call } = {}) =>
      updateImageMemberStatus(
        core,
        imageId,
        memberId,
        vaultId === undefined ? { status: 'accepted' } : { status: 'accepted', vault_id: vaultId },
        call,
      ),
    rejectSharedImage: (imageId, memberId, call) =>
      updateImageMemberStatus(core, imageId, memberId, { status: 'rejected' }, call),
    raw: createRawClient(options, core.baseUrl),
  };
}
