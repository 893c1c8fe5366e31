// GET /v1/{project_id}/cloudimages/{image_id}/members (ListImageMembers): the owner lists an
// image's members, a page at a time. One page as a call; every member as an async iterator that
// follows `page_info.next_marker` until a page has none.
import type { components } from '../../../generated/types.js';
import { ImsContractError } from '../../errors.js';
import { type Core, type ImsPromise, imsPromise } from '../core.js';
import type { CallOptions } from '../options.js';
import type { Member } from './updateImageMemberStatus.js';

/** One page of members: `members`, `schema`, and `page_info` (`next_marker` when more follow). */
export type MemberPage = components['schemas']['MemberPage'];

/** Which page: `limit` members (1 to 1000; the service's default 500), starting after `marker`. */
export interface PageOptions {
  limit?: number;
  /** The `page_info.next_marker` of the page before; absent for the first page. */
  marker?: string;
}

export function listImageMembersV1Page(
  core: Core,
  projectId: string,
  imageId: string,
  page: PageOptions = {},
  call?: CallOptions,
): ImsPromise<MemberPage> {
  const request = {
    path: { project_id: projectId, image_id: imageId },
    query: { limit: page.limit, marker: page.marker },
  };
  return imsPromise(core.send<MemberPage>('listImageMembersV1', request, call));
}

const broken = (message: string, body: unknown) =>
  new ImsContractError(200, [{ path: '$.page_info.next_marker', rule: 'paging', message }], body, undefined);

/**
 * Every member, page after page. A page is asked for only when the one before is used up; a
 * server that hands back a marker it gave before (which would loop for ever) ends the iteration
 * with an ImsContractError.
 */
export async function* listImageMembersV1(
  core: Core,
  projectId: string,
  imageId: string,
  page: PageOptions = {},
  call?: CallOptions,
): AsyncGenerator<Member, void, undefined> {
  const seen = new Set<string>();
  let marker = page.marker;
  for (;;) {
    const current = await listImageMembersV1Page(core, projectId, imageId, { ...page, marker }, call);
    if (!Array.isArray(current?.members)) throw broken('$.members must be an array', current);
    yield* current.members;
    const next = current.page_info?.next_marker;
    if (next === undefined || next === null || next === '') return;
    if (typeof next !== 'string') throw broken('$.page_info.next_marker must be a string', current);
    if (seen.has(next) || next === marker)
      throw broken(`$.page_info.next_marker repeats ${JSON.stringify(next)}: the pages would never end`, current);
    seen.add(next);
    marker = next;
  }
}
