// PUT /v2/images/{image_id}/members/{member_id}: a member accepts or rejects an image shared with
// it. Judged in Glance's order once the caller is known (identity is the pipeline's): the body's
// shape, the caller, the status value, then the contract's own rules and the vault.
import { operationRules } from '../../../generated/contract.js';
import { examplesOf, jsonType } from '../answers.js';
import { contract } from '../contract.js';
import type { MemberDecision } from '../types.js';
import type { OperationModule } from './types.js';

const variants = Object.keys(operationRules.updateImageMemberStatus.requestBody.variants);
const [acceptedStatus] = variants;
/** Every field a variant of the request body names (status, vault_id). */
const knownFields = new Set(
  Object.values(operationRules.updateImageMemberStatus.requestBody.variants).flatMap((v) =>
    Object.keys((v as { properties?: object }).properties ?? {}),
  ),
);
/** UTC to the second, as the service formats member times: `2026-11-22T13:16:31Z`. */
const serviceTime = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
/** Where every 200 points for the member schema: as the spec's 200 examples say. */
const schemaPath = (Object.values(examplesOf('updateImageMemberStatus')[200] ?? {})[0]?.value as { schema?: string })
  ?.schema;

export const updateImageMemberStatus: OperationModule<'updateImageMemberStatus'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    const ids = c.params;
    // The body's shape: something to read, JSON, an object, with a status key. The URL's IDs and
    // the Content-Type are judged here too: without them there is nothing to look up or to read.
    // An image the world marks Glance-shaped has its malformed requests answered by upstream
    // Glance, in its words (who answers depends on the route, not on who asks).
    const glance = c.paramsValid && c.state.glanceShaped(ids.image_id!);
    if (!c.text.trim()) return c.example(400, glance ? 'glance_body_empty' : 'body_empty');
    if (!c.paramsValid || c.contentType !== jsonType) return c.example(400, 'request_invalid');
    if (!c.parsed) return c.example(400, glance ? 'glance_malformed_json' : 'request_invalid');
    if (!c.isObject) return c.example(400, glance ? 'glance_not_an_object' : 'request_invalid');
    if (!('status' in c.fields)) return c.example(400, glance ? 'glance_status_missing' : 'status_missing');

    // Reserved images (named by a trigger, absent from the world) answer as forced, for anyone.
    const reserved = c.forced('reserved');
    if (reserved) return reserved;

    // The caller: only the member itself may set its status; nothing reveals an image to others.
    const image = c.state.image(ids.image_id!);
    if (!image) return c.example(404, 'image_not_found');
    if (image.owner === c.caller) return c.example(403, 'owner_cannot_set_status');
    const member = c.state.member(image, c.caller);
    if (image.visibility === 'private' || !member) return c.example(404, 'image_not_found');
    if (c.state.projectId(c.caller) !== ids.member_id) return c.example(404, 'member_not_found');

    // The status value: wrong type, null, unknown, or a known one in the wrong case. Glance says the
    // same words for each, so each carries the same reason (invalid_status).
    const status = c.fields.status;
    if (typeof status !== 'string' || !variants.includes(status))
      return c.example(400, glance ? 'glance_bad_request' : 'invalid_status');

    // Triggers on the world's own images (an outage on one image, a vault that is not a backup vault).
    const byWorld = c.forced('world');
    if (byWorld) return byWorld;

    // Fields the contract does not name are ignored, as Glance ignores them: openstacksdk's
    // update_member always sends `member` beside `status` (the spec's request body says so).
    const known = Object.fromEntries(Object.entries(c.fields).filter(([key]) => knownFields.has(key)));
    // The contract's own rules beyond Glance's (a vault_id on a reject, an empty one...), then the vault.
    if (!contract().validateRequestBody(known, 'updateImageMemberStatus').valid)
      return c.example(400, 'request_invalid');
    const update = known as { status: MemberDecision; vault_id?: string };
    if (update.status === acceptedStatus && image.full_ecs_by_cbr) {
      if (update.vault_id === undefined) return c.example(400, 'vault_id_required');
      if (!member.vaults.includes(update.vault_id)) return c.example(400, 'vault_unavailable');
    }
    if (member.status !== update.status) {
      member.status = update.status;
      member.updated_at = serviceTime(c.now());
    }
    return c.answer(200, {
      status: member.status,
      created_at: member.created_at,
      updated_at: member.updated_at,
      image_id: ids.image_id,
      member_id: ids.member_id,
      schema: schemaPath,
    });
  },
};
