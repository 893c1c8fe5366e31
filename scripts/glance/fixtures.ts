// A fresh world in a real Glance, and the same world as a sandbox world file.
//
// Fresh projects (random 32-hex IDs: Glance takes any project ID as a tenant), a token for each
// registered with the identity proxy, and images created by the owner through the proxy:
//   shared        shared with `member` and `other_member` (both pending)
//   made_private  shared with `member`, then made private with a JSON-patch PATCH
//   private       private from the start, no members
//   unshared      visibility shared, but never shared with anyone
// plus `unknown`, an image ID that exists nowhere. The member times in the world file are the
// ones Glance answered, so `created_at` and the first `updated_at` agree on both sides.
//
// Glance's own image and member collections are not operations of the contract; their paths are
// cut from the contract's member path, which is nested under them.
import { randomBytes, randomUUID } from 'node:crypto';
import { authHeader, expandPath, operationRules } from '../../generated/contract.js';
import type { World } from '../../src/sandbox/index.js';
import type { IdentityProxy } from './identity-proxy.js';

export const projectNames = ['owner', 'member', 'other_member', 'stranger'] as const;
export type ProjectName = (typeof projectNames)[number];
export const imageNames = ['shared', 'made_private', 'private', 'unshared', 'unknown'] as const;
export type ImageName = (typeof imageNames)[number];

/** Which projects each image is shared with, and whether it ends private. */
export const layout: Record<ImageName, { members: ProjectName[]; visibility: 'shared' | 'private' | 'absent' }> = {
  shared: { members: ['member', 'other_member'], visibility: 'shared' },
  made_private: { members: ['member'], visibility: 'private' },
  private: { members: [], visibility: 'private' },
  unshared: { members: [], visibility: 'shared' },
  unknown: { members: [], visibility: 'absent' },
};

const memberPath = operationRules.updateImageMemberStatus.path;
/** `/v2/images/{image_id}/members` */
const membersTemplate = memberPath.slice(0, memberPath.lastIndexOf('/'));
/** `/v2/images/{image_id}` */
const imageTemplate = membersTemplate.slice(0, membersTemplate.lastIndexOf('/'));
/** `/v2/images` */
const imagesPath = imageTemplate.slice(0, imageTemplate.lastIndexOf('/'));

export interface GlanceWorld {
  projects: Record<ProjectName, string>;
  tokens: Record<ProjectName, string>;
  images: Record<ImageName, string>;
  /** The same world, for `createSandbox({ world })` or `npm start -- --world FILE`. */
  world: World;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function call(proxy: IdentityProxy, token: string, method: string, path: string, body?: unknown, type?: string) {
  const headers: Record<string, string> = { [authHeader]: token, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = type ?? 'application/json';
  const answer = await fetch(`${proxy.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`Glance fixture ${method} ${path}: ${answer.status} ${text}`);
  return JSON.parse(text) as Record<string, string>;
}

/** Creates the world above in Glance through the proxy (registering its tokens there). */
export async function createGlanceWorld(proxy: IdentityProxy): Promise<GlanceWorld> {
  const projects = Object.fromEntries(projectNames.map((name) => [name, hex(16)])) as Record<ProjectName, string>;
  const tokens = Object.fromEntries(projectNames.map((name) => [name, `${name}-${hex(8)}`])) as Record<
    ProjectName,
    string
  >;
  for (const name of projectNames) proxy.tokens.set(tokens[name], projects[name]);
  const owner = tokens.owner;

  const images = {} as Record<ImageName, string>;
  const worldImages: World['images'] = [];
  for (const name of imageNames) {
    const plan = layout[name];
    if (plan.visibility === 'absent') {
      images[name] = randomUUID();
      continue;
    }
    // Shared first when it will have members: Glance lets only a shared image have members.
    const visibility = plan.members.length ? 'shared' : plan.visibility;
    const image = await call(proxy, owner, 'POST', imagesPath, {
      name: `ims-differential-${name}`,
      visibility,
      disk_format: 'raw',
      container_format: 'bare',
    });
    images[name] = image.id!;
    const members: NonNullable<World['images'][number]['members']> = [];
    for (const member of plan.members) {
      const added = await call(proxy, owner, 'POST', expandPath(membersTemplate, { image_id: image.id! }), {
        member: projects[member],
      });
      members.push({
        project: member,
        status: 'pending',
        created_at: added.created_at!,
        updated_at: added.updated_at!,
      });
    }
    if (visibility !== plan.visibility)
      await call(
        proxy,
        owner,
        'PATCH',
        expandPath(imageTemplate, { image_id: image.id! }),
        [{ op: 'replace', path: '/visibility', value: plan.visibility }],
        'application/openstack-images-v2.1-json-patch',
      );
    // The image as Glance shows it now, so image reads answer the same fields on both sides.
    const shown = (await call(proxy, owner, 'GET', expandPath(imageTemplate, { image_id: image.id! }))) as Record<
      string,
      unknown
    >;
    worldImages.push({
      id: image.id!,
      owner: 'owner',
      visibility: plan.visibility,
      name: shown.name as string,
      status: shown.status as NonNullable<World['images'][number]['status']>,
      disk_format: shown.disk_format as string,
      container_format: shown.container_format as string,
      size: shown.size as number | null,
      created_at: shown.created_at as string,
      updated_at: shown.updated_at as string,
      members,
    });
  }

  const world: World = {
    projects: Object.fromEntries(
      projectNames.map((name) => [name, { id: projects[name], tokens: [tokens[name]] }]),
    ) as World['projects'],
    images: worldImages,
    // No reserved values: this world answers by its rules alone, as Glance does.
    scenarios: [],
  };
  return { projects, tokens, images, world };
}
