// GET /v2/images: the images the caller may see that pass the filters, a page at a time, as Glance
// 25.1 lists them (measured on the Glance harness, docs/glance.md):
// - the caller's own images always; a shared image it is a member of only when its membership
//   has the asked `member_status` (default `accepted`, `all` for any), so a pending share shows
//   only with `member_status=pending` or `all`;
// - the query judged in Glance's order: visibility, member_status, limit, sort_key, sort_dir,
//   os_hidden, then the marker (an image the caller may see, else 400);
// - sorted by sort_key (default created_at), then created_at and id, all in sort_dir (default
//   desc); a page of `limit` (default 25, at most 1000); `first` is the query without marker,
//   `next` (on a full page) the same with marker set to the page's last image.
// Any other query key filters on the image field or property of that name, as Glance does.
import { type ExampleName, exampleIds, operationRules } from '../../../generated/contract.js';
import { examplesOf } from '../answers.js';
import { imageView, maySee } from '../images.js';
import type { ImageState } from '../types.js';
import type { OperationContext, OperationModule } from './types.js';

const imagesPath = operationRules.listImages.path;
const schemaPath = (Object.values(examplesOf('listImages')[200] ?? {})[0]?.value as { schema?: string })?.schema;
const visibilities = ['public', 'private', 'shared', 'community', 'all'];
const memberStatuses = ['pending', 'accepted', 'rejected', 'all'];
const sortKeys = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
] as const;
type SortKey = (typeof sortKeys)[number];
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
/** Keys that steer the listing rather than filter on a field. */
const control = new Set(['visibility', 'member_status', 'limit', 'marker', 'sort_key', 'sort_dir', 'os_hidden']);
/** Filters Glance has that this model does not apply (ranges, tags, the `sort` syntax): ignored. */
const unmodelled = new Set(['sort', 'tag', 'size_min', 'size_max', 'created_at', 'updated_at', 'id', 'checksum']);

/** Glance's compare of one sort key; null sorts first, as in Glance's database. */
function compare(a: ImageState, b: ImageState, key: SortKey): number {
  const x = a[key];
  const y = b[key];
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}

/** A field or property filter: does the image have this value? */
function passes(c: OperationContext<'listImages'>, image: ImageState, key: string, value: string): boolean {
  switch (key) {
    case 'name':
    case 'status':
    case 'disk_format':
    case 'container_format':
      return image[key] === value;
    case 'owner':
      return c.state.projectId(image.owner) === value;
    case 'protected':
      return String(image.protected) === value.toLowerCase();
    default:
      return image.properties[key] === value;
  }
}

export const listImages: OperationModule<'listImages'> = {
  examples: { tokenMissing: 'token_missing', tokenInvalid: 'token_invalid' },
  judge(c) {
    // Glance reads each key once, the last value winning, in the order the keys first came.
    const query = new Map<string, string>();
    for (const [key, value] of c.query) query.set(key, value);
    const bad = (name: ExampleName<'listImages', 400>, swap: Record<string, string> = {}) => {
      const answer = c.example(400, name);
      answer.body = JSON.parse(
        Object.entries(swap).reduce((text, [from, to]) => text.split(from).join(to), JSON.stringify(answer.body)),
      );
      return answer;
    };
    const json = (text: string) => JSON.stringify(text).slice(1, -1);

    const visibility = query.get('visibility');
    if (visibility !== undefined && !visibilities.includes(visibility))
      return bad('invalid_visibility', { 'value: hidden': `value: ${json(visibility)}` });
    const memberStatus = query.get('member_status') ?? 'accepted';
    if (!memberStatuses.includes(memberStatus))
      return bad('invalid_member_status', { 'status: waiting': `status: ${json(memberStatus)}` });
    let limit = DEFAULT_LIMIT;
    const limitText = query.get('limit');
    if (limitText !== undefined) {
      if (!/^[+-]?\d+$/.test(limitText.trim())) return c.example(400, 'limit_not_integer');
      limit = Number(limitText);
      if (limit < 0) return c.example(400, 'limit_negative');
      limit = Math.min(limit, MAX_LIMIT);
    }
    const sortKey = (query.get('sort_key') ?? 'created_at') as SortKey;
    if (!sortKeys.includes(sortKey)) return bad('invalid_sort_key', { 'key: owner.': `key: ${json(sortKey)}.` });
    const sortDir = query.get('sort_dir') ?? 'desc';
    if (sortDir !== 'asc' && sortDir !== 'desc')
      return bad('invalid_sort_dir', { 'direction: up': `direction: ${json(sortDir)}` });
    const hiddenText = query.get('os_hidden');
    if (hiddenText !== undefined && !['true', 'false'].includes(hiddenText.toLowerCase()))
      return bad('invalid_os_hidden', { "value 'maybe'": `value '${json(hiddenText)}'` });
    const hidden = hiddenText?.toLowerCase() === 'true';

    const reserved = c.forced('reserved');
    if (reserved) return reserved;

    // Every image the caller may see, in the listing's order: the marker is placed in it.
    const keys = [...new Set<SortKey>([sortKey, 'created_at', 'id'])];
    const sign = sortDir === 'asc' ? 1 : -1;
    const visible = c.state
      .images()
      .filter((image) => maySee(c.state, image, c.caller))
      .sort((a, b) => {
        for (const key of keys) {
          const order = compare(a, b, key);
          if (order) return sign * order;
        }
        return 0;
      });
    let start = 0;
    const marker = query.get('marker');
    if (marker !== undefined) {
      const at = visible.findIndex((image) => image.id === marker);
      if (at < 0) return bad('marker_not_found', { [exampleIds.image_id]: json(marker) });
      start = at + 1;
    }
    const filters = [...query].filter(([key]) => !control.has(key) && !unmodelled.has(key));
    const listed = visible.slice(start).filter((image) => {
      if (image.os_hidden !== hidden) return false;
      if (visibility !== undefined && visibility !== 'all' && image.visibility !== visibility) return false;
      if (image.owner !== c.caller) {
        const member = c.state.member(image, c.caller);
        if (!member || (memberStatus !== 'all' && member.status !== memberStatus)) return false;
      }
      return filters.every(([key, value]) => passes(c, image, key, value));
    });
    const page = listed.slice(0, limit);

    const byWorld = c.forced('world');
    if (byWorld) return byWorld;
    const rest = new URLSearchParams([...query].filter(([key]) => key !== 'marker')).toString();
    const first = rest ? `${imagesPath}?${rest}` : imagesPath;
    const last = page[page.length - 1];
    return c.answer(200, {
      images: page.map((image) => imageView(c.state, image)),
      first,
      ...(last && page.length === limit
        ? { next: `${first}${rest ? '&' : '?'}${new URLSearchParams({ marker: last.id })}` }
        : {}),
      schema: schemaPath,
    });
  },
};
