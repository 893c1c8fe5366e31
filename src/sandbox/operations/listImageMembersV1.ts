// GET /v1/{project_id}/cloudimages/{image_id}/members: the owner lists an image's members, a page
// at a time. The marker is the base64 of the last member ID of the page before (the documents call
// it base64): opaque to the caller, and a marker this list did not give is a 400.
import { operationRules } from '../../../generated/contract.js';
import { examplesOf } from '../answers.js';
import { memberView, ownedImage } from './owner-read.js';
import type { OperationModule } from './types.js';

const limitRule = operationRules.listImageMembersV1.queryParameters.limit;
/** Where the list points for its schema, as the spec's example says. */
const listSchema = (examplesOf('listImageMembersV1')[200]?.members?.value as { schema?: string } | undefined)?.schema;

const markerOf = (memberId: string) => btoa(memberId);
function memberIdOf(marker: string): string | undefined {
  try {
    return atob(marker);
  } catch {
    return undefined;
  }
}

export const listImageMembersV1: OperationModule<'listImageMembersV1'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    const limitText = c.query.get('limit') ?? undefined;
    const marker = c.query.get('marker') ?? undefined;
    const limit = limitText === undefined ? limitRule.default : Number(limitText);
    // A page size is a whole number within the spec's bounds, written in digits only.
    if (!c.paramsValid || !/^\d+$/.test(limitText ?? '1') || limit < limitRule.minimum || limit > limitRule.maximum)
      return c.example(400, 'request_invalid');
    const owned = ownedImage(c);
    if ('refused' in owned) return owned.refused;
    const byWorld = c.forced('world');
    if (byWorld) return byWorld;

    const members = owned.image.members;
    let start = 0;
    if (marker !== undefined) {
      const after = memberIdOf(marker);
      const at = members.findIndex((m) => c.state.projectId(m.project) === after);
      if (at < 0) return c.example(400, 'invalid_marker');
      start = at + 1;
    }
    const page = members.slice(start, start + limit);
    const more = start + limit < members.length;
    return c.answer(200, {
      members: page.map((m) => memberView(c, m)),
      schema: listSchema,
      page_info: {
        ...(more ? { next_marker: markerOf(c.state.projectId(page.at(-1)!.project)) } : {}),
        current_count: page.length,
      },
    });
  },
};
