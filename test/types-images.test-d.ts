// Type-level tests of the image reads and of the member update's leniency: the sandbox ignores
// fields the contract does not name (as Glance does), but the typed client still refuses them when
// it compiles, and `pending` stays refused.
import { describe, expectTypeOf, it } from 'vitest';
import { exampleIds } from '../generated/contract.js';
import { createImsClient, type Image, type ImageList, type ImsPromise, type SharedImageStatus } from '../src/index.js';

const client = createImsClient({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
const image = exampleIds.image_id;
const member = exampleIds.member_id;

describe('the member update stays strict at compile time', () => {
  it("refuses openstacksdk's extra member field, and pending", () => {
    // @ts-expect-error the contract names no `member` field: the service ignores it, the typed client refuses it
    void client.updateMemberStatus(image, member, { status: 'accepted', member });
    // @ts-expect-error any unknown field
    void client.updateMemberStatus(image, member, { status: 'rejected', note: 1 });
    // @ts-expect-error pending stays refused
    void client.updateMemberStatus(image, member, { status: 'pending' });
  });
});

describe('the image reads', () => {
  it('showImage resolves to an Image', () => {
    expectTypeOf(client.showImage(image)).toEqualTypeOf<ImsPromise<Image>>();
    expectTypeOf<Image['visibility']>().toEqualTypeOf<'public' | 'private' | 'shared' | 'community'>();
    // @ts-expect-error the image ID is required
    void client.showImage();
  });

  it('listSharedImages is an async iterable of pages, filtered by a known membership status', () => {
    expectTypeOf(client.listSharedImages({ memberStatus: 'pending' })).toEqualTypeOf<AsyncIterable<ImageList>>();
    expectTypeOf<ImageList['images']>().toEqualTypeOf<Image[]>();
    expectTypeOf<ImageList['next']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SharedImageStatus>().toEqualTypeOf<'pending' | 'accepted' | 'rejected' | 'all'>();
    // @ts-expect-error not a membership status
    void client.listSharedImages({ memberStatus: 'waiting' });
    // @ts-expect-error the option is memberStatus, not the query's member_status
    void client.listSharedImages({ member_status: 'pending' });
  });
});
