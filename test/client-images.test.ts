// The client's image reads against the sandbox served over node:http (a real server, no mocked
// fetch): showImage, and listSharedImages following each page's `next` until the last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds } from '../generated/contract.js';
import { serveSandbox } from '../scripts/sandbox-server.js';
import { createImsClient, type Image, ImsApiError } from '../src/index.js';
import { createSandbox, type World } from '../src/sandbox/index.js';

const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', exampleIds.image_id];
const world: World = {
  projects: {
    owner: { id: 'a'.repeat(32), tokens: ['owner'] },
    member: { id: exampleIds.member_id, tokens: ['member'] },
    stranger: { id: 'c'.repeat(32), tokens: ['stranger'] },
  },
  images: ids.map((id, i) => ({
    id,
    owner: 'owner',
    name: `image-${i}`,
    created_at: `2026-01-0${i + 1}T00:00:00Z`,
    members: [{ project: 'member', status: i === 1 ? 'accepted' : 'pending', created_at: '2026-01-01T00:00:00Z' }],
  })),
};

let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  server = await serveSandbox(createSandbox({ world }));
});
afterAll(() => server?.close());

const as = (token: string) => createImsClient({ baseUrl: server.url, token, retry: false });

describe('showImage', () => {
  it("reads an image shared with the member, and a stranger gets Glance's 404 as image_not_found", async () => {
    const image: Image = await as('member').showImage(exampleIds.image_id);
    expect(image).toMatchObject({ id: exampleIds.image_id, name: 'image-2', owner: 'a'.repeat(32) });
    const error = await as('stranger')
      .showImage(exampleIds.image_id)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImsApiError);
    expect(error).toMatchObject({ status: 404, reason: 'image_not_found' });
  });
});

describe('listSharedImages', () => {
  it('yields every page, following next, newest first; pending by default', async () => {
    const pages: string[][] = [];
    for await (const page of as('member').listSharedImages({ pageSize: 1 })) pages.push(page.images.map((i) => i.id));
    // Two pending images, a page each; the second page is full, so a third (empty) page ends it.
    expect(pages).toEqual([[ids[2]], [ids[0]], []]);
  });

  it('by membership status: accepted, all', async () => {
    const collect = async (memberStatus: 'accepted' | 'all') => {
      const found: string[] = [];
      for await (const page of as('member').listSharedImages({ memberStatus }))
        found.push(...page.images.map((i) => i.id));
      return found;
    };
    expect(await collect('accepted')).toEqual([ids[1]]);
    expect(await collect('all')).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('a refused page rejects the iteration with the reason', async () => {
    const pages = createImsClient({ baseUrl: server.url, token: 'nobody', retry: false }).listSharedImages();
    await expect(pages[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 401, reason: 'token_invalid' });
  });
});
