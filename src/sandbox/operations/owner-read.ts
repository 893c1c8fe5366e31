// What the owner's v1 member reads share (listImageMembersV1, showImageMemberV1): the URL's IDs,
// the caller's project, the triggers, then the image: the owner reads it; a member that can see
// it is told it is another tenant's (403); anyone else learns nothing of it (404). Members are
// shown as IMS shows them, with `member_type`.
import type { ExampleName } from '../../../generated/contract.js';
import { examplesOf } from '../answers.js';
import type { ImageState, MemberState, SandboxAnswer } from '../types.js';
import type { OperationContext } from './types.js';

type OwnerRead = 'listImageMembersV1' | 'showImageMemberV1';
/** A name both reads declare for a status: the shared steps answer with those only. */
type SharedName<Status extends number> = ExampleName<'listImageMembersV1', Status> &
  ExampleName<'showImageMemberV1', Status>;
/** The context of either read, as the shared steps use it. */
type OwnerReadContext = Omit<OperationContext<OwnerRead>, 'example'> & {
  example<Status extends 400 | 403 | 404>(status: Status, name: SharedName<Status>): SandboxAnswer;
};

/** Where each member points for its schema, as the spec's example says. */
const memberSchema = (examplesOf('showImageMemberV1')[200]?.member?.value as { schema?: string } | undefined)?.schema;

/** The image the owner reads, or the answer that refuses the read. */
export function ownedImage(c: OwnerReadContext): { image: ImageState } | { refused: SandboxAnswer } {
  if (!c.paramsValid) return { refused: c.example(400, 'request_invalid') };
  if (c.params.project_id !== c.state.projectId(c.caller)) return { refused: c.example(403, 'project_id_mismatch') };
  const reserved = c.forced('reserved');
  if (reserved) return { refused: reserved };
  const image = c.state.image(c.params.image_id!);
  if (!image) return { refused: c.example(404, 'image_unavailable') };
  if (image.owner !== c.caller) {
    const member = c.state.member(image, c.caller);
    const sees = member !== undefined && image.visibility === 'shared';
    return { refused: sees ? c.example(403, 'image_of_another_tenant') : c.example(404, 'image_unavailable') };
  }
  return { image };
}

export const memberView = (c: OwnerReadContext, member: MemberState) => ({
  status: member.status,
  created_at: member.created_at,
  updated_at: member.updated_at,
  image_id: c.params.image_id,
  member_id: c.state.projectId(member.project),
  schema: memberSchema,
  member_type: 'project',
});
