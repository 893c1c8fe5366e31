// POST /v2/images/{image_id}/members: the owner shares an image with a project. Judged in the
// order a real Glance judges (measured, docs/glance.md): the body's shape for any caller and any
// image; whether the caller sees the image (404); whether it may add (403: not the owner, or not
// a shared image); then the contract's own rules on the member (a project ID of this region,
// not the owner's), Huawei's sharing limits, and a member already there (409).
import { operationRules } from '../../../generated/contract.js';
import { namedAnswer } from '../answers.js';
import { breaks } from '../rules.js';
import { memberBody, serviceTime, visibleImage } from './member-access.js';
import type { OperationModule } from './types.js';

const memberRule = operationRules.addImageMember.requestBody.variants['*'].properties.member;
/** Huawei's limits: a system or data disk image shares with 256 projects, a full-ECS image with 10. */
const memberLimits = { image: 256, fullEcs: 10 } as const;

/** What Python, and so Glance, reads as "no member": None, '', 0, False, [] and {}. */
const empty = (value: unknown) =>
  value === null ||
  value === '' ||
  value === 0 ||
  value === false ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

export const addImageMember: OperationModule<'addImageMember'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    // The body's shape, in Glance's words (any Content-Type: Glance reads any body as JSON).
    if (!c.text.trim()) return c.example(400, 'body_empty');
    if (!c.parsed) return c.example(400, 'request_invalid');
    if (Array.isArray(c.body)) return c.example(400, 'body_an_array');
    if (!c.isObject) return c.example(400, 'body_not_an_object');
    if (!('member' in c.fields)) return c.example(400, 'member_missing');
    const member = c.fields.member;
    if (empty(member)) return c.example(400, 'member_empty');

    const reserved = c.forced('reserved');
    if (reserved) return reserved;

    // The caller: nothing reveals an image to a project that does not see it; only the owner of
    // a shared image may add.
    const image = visibleImage(c.state, c.params.image_id!, c.paramsValid, c.caller);
    if (!image) return c.example(404, 'image_not_found');
    if (image.owner !== c.caller || image.visibility !== 'shared') return c.example(403, 'not_allowed_to_add_members');

    const byWorld = c.forced('world');
    if (byWorld) return byWorld;

    // The member: the contract's rules beyond Glance's, which stores any string (or number).
    if (breaks(memberRule, member)) return c.example(400, 'member_invalid');
    const project = c.state.projectNamed(member as string);
    if (project === image.owner) return c.example(400, 'share_with_self');
    if (project === undefined) return c.example(400, 'tenant_not_found');

    // Huawei's sharing rules, on the image; then the member already there; then the limits.
    if (image.encrypted_default_key) return c.example(400, 'encrypted_image_not_shareable');
    if (image.full_ecs && !image.full_ecs_by_cbr) return c.example(400, 'full_ecs_not_shareable');
    // Glance's words name the member sent, which is in the body, not the URL.
    if (c.state.member(image, project))
      return namedAnswer(c.operation, 409, 'member_already_exists', { ...c.params, member_id: member as string });
    if (image.full_ecs && image.members.length >= memberLimits.fullEcs) return c.example(400, 'full_ecs_member_limit');
    if (image.members.length >= memberLimits.image) return c.example(413, 'member_limit_exceeded');

    const now = serviceTime(c.now());
    const added = {
      project,
      status: 'pending' as const,
      created_at: c.state.removedAt(image, project) ?? now,
      updated_at: now,
      vaults: [],
    };
    image.members.push(added);
    return c.answer(200, memberBody(c.state, image, added));
  },
};
