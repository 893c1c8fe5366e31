// GET /v2/images (Glance's image list), and the images shared with the caller page by page: the
// list with `visibility=shared` and the membership status asked for, following each page's `next`
// link (its `marker`) until a page comes without one.
import type { components } from '../../../generated/types.js';
import type { Core, ImsResult } from '../core.js';
import type { CallOptions } from '../options.js';

/** One page of images, with `next` when more may follow. */
export type ImageList = components['schemas']['ImageList'];
/** The membership statuses a member can list its shared images by (`all` for any). */
export type SharedImageStatus = 'pending' | 'accepted' | 'rejected' | 'all';

/** Options of `listSharedImages`. */
export interface ListSharedImagesOptions extends CallOptions {
  /** Which shares: `pending` (waiting for you), `accepted`, `rejected`, or `all`. Default `pending`. */
  memberStatus?: SharedImageStatus;
  /** Images per page (the service's default 25, at most 1000). */
  pageSize?: number;
}

/** The marker of a `next` link (`/v2/images?...&marker=<id>`), or undefined when it has none. */
function markerOf(next: string | undefined): string | undefined {
  if (!next) return undefined;
  return new URLSearchParams(next.split('?')[1] ?? '').get('marker') ?? undefined;
}

/** Every page of the images shared with the caller that have the asked membership status. */
export async function* listSharedImages(
  core: Core,
  { memberStatus = 'pending', pageSize, ...call }: ListSharedImagesOptions = {},
): AsyncGenerator<ImageList, void, undefined> {
  let marker: string | undefined;
  do {
    const page: ImsResult<ImageList> = await core.send<ImageList>(
      'listImages',
      { query: { visibility: 'shared', member_status: memberStatus, limit: pageSize, marker } },
      call,
    );
    yield page.data;
    const following = markerOf(page.data.next);
    // A `next` that points where this page started would loop for ever: stop instead.
    marker = following === marker ? undefined : following;
  } while (marker !== undefined);
}
