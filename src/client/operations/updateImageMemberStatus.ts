// PUT /v2/images/{image_id}/members/{member_id}: the native (Glance) call, deprecated by
// Huawei in favour of batchUpdateImageMembers (see docs/migration.md).
import type { components } from '../../../generated/types.js';
import { ImsApiError } from '../../errors.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';

/** An image member, as the 200 answer carries it. */
export type Member = components['schemas']['Member'];
/** The request body: accept (optionally with `vault_id`) or reject. */
export type MemberStatusUpdate = components['schemas']['MemberStatusUpdate'];

/** No error code is documented for a missing vault_id, so the message is what tells. */
const vaultIdRequired = (status: number, message: string) =>
  status === 400 && /vault[ _-]?id/i.test(message) && /requir|missing|must|need|empty/i.test(message);

/** An accept without vault_id refused for want of one: the same error, with the fix in words. */
function explainVault(error: ImsApiError): ImsApiError {
  if (error.reason !== 'vault_id_required' && !vaultIdRequired(error.status, error.message)) return error;
  const advice =
    'This is a full-ECS image created by CBR: accepting it needs the ID of a CBR vault to hold it. ' +
    `Call acceptSharedImage(imageId, memberId, { vaultId }) with a vault ID from the CBR console or CBR's vault list. (IMS said: ${error.message})`;
  return new ImsApiError(error.status, error.code, advice, error.requestId, error.body, 'vault_id_required');
}

export function updateImageMemberStatus(
  core: Core,
  imageId: string,
  memberId: string,
  body: MemberStatusUpdate,
  call?: CallOptions,
): ImsPromise<Member> {
  const request = {
    path: { image_id: imageId, member_id: memberId },
    body,
    ...(body?.status === 'accepted' && !('vault_id' in body) && { explain: explainVault }),
  };
  return imsPromise(core.send<Member>('updateImageMemberStatus', request, call));
}
