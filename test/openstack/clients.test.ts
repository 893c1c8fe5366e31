// Debian's OpenStack clients, unchanged, against `npm start` (on a free port, serving the default
// world without `any_token` and with `identity_shape: glance`, as the Glance harness's world is):
// a member finds the images shared with it, reads one, accepts it; refusals print Glance's words
// and no tool crashes. test/glance/openstack-clients.test.ts runs the same commands against a real
// Glance and compares what a user sees.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleIds } from '../../generated/contract.js';
import { defaultWorld, type World } from '../../src/sandbox/index.js';
import { commands, type Outcome, type Target } from '../support/openstack-clients.js';
import { type SpawnedServer, spawnServer } from '../support/servers.js';

const tools = ['/usr/bin/glance', '/usr/bin/openstack', '/usr/bin/python3'];
const missing = tools.filter((tool) => !existsSync(tool));
if (missing.length)
  throw new Error(
    `npm run test:openstack needs Debian's OpenStack clients (${missing.join(', ')} missing):\n` +
      '  sudo apt-get install -y --no-install-recommends python3-glanceclient python3-openstackclient python3-openstacksdk',
  );

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const { any_token: _any, ...rest } = defaultWorld;
const world: World = { ...rest, identity_shape: 'glance' };
const tokenOf = (name: string) => world.projects[name]!.tokens![0]!;
const madePrivate = world.images.find((i) => i.visibility === 'private' && i.members?.length)!.id;
const target: Target = {
  url: '',
  tokens: {
    owner: tokenOf('owner'),
    member: tokenOf('member'),
    stranger: tokenOf('stranger'),
    unknown: 'a-token-nobody-issued',
  },
  member: exampleIds.member_id,
  images: { shared: exampleIds.image_id, madePrivate, unknown: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' },
};

let dir: string;
let server: SpawnedServer;
const outcomes = new Map<string, Outcome>();
const seen = (name: string) => {
  const outcome = outcomes.get(name);
  if (!outcome) throw new Error(`no command named ${name}`);
  return outcome;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ims-openstack-'));
  const worldFile = join(dir, 'world.json');
  writeFileSync(worldFile, JSON.stringify(world));
  server = spawnServer('start', await freePort(), ['--world', worldFile]);
  await server.ready;
  target.url = server.url;
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Debian OpenStack clients against npm start', () => {
  // One test per command, in the order a user runs them (the accept changes what later lists show).
  for (const command of commands)
    it(`runs without a traceback: ${command.name}`, async () => {
      const outcome = await command.run(target);
      outcomes.set(command.name, outcome);
      // `openstack image set --accept` fails on a real Glance too (without keystone it has no
      // project), but with an error line, not a traceback.
      expect(outcome.crashed, outcome.seen).toBe(false);
    });

  it('a member lists the pending images shared with it: glanceclient, openstackclient, openstacksdk', () => {
    for (const name of [
      'glance image-list --visibility shared --member-status pending (member)',
      'openstack image list --shared --member-status pending (member)',
      'sdk images(visibility=shared, member_status=pending) (member)',
    ]) {
      expect(seen(name).code, `${name}: ${seen(name).seen}`).toBe(0);
      expect(seen(name).seen, name).toContain(target.images.shared);
      expect(seen(name).seen, name).toContain('ubuntu-22.04-shared');
    }
    // Without member_status a member sees only what it accepted: nothing yet.
    expect(seen('glance image-list (member, nothing accepted yet)').seen).not.toContain(target.images.shared);
  });

  it('a member reads the image: glance image-show, openstack image show, get_image, find_image', () => {
    for (const name of [
      'glance image-show (member)',
      'openstack image show (member)',
      'sdk get_image (member)',
      'sdk find_image by ID (member)',
    ]) {
      expect(seen(name).code, `${name}: ${seen(name).seen}`).toBe(0);
      expect(seen(name).seen, name).toContain('ubuntu-22.04-shared');
    }
    expect(seen('glance image-show (member)').seen).toMatch(/\| owner\s+\| 0a1b2c3d4e5f40718293a4b5c6d7e8f9/);
  });

  it('a member accepts (glanceclient) and rejects and accepts again (openstacksdk, which sends {status, member})', () => {
    expect(seen('glance member-update accepted (member)').seen).toMatch(
      new RegExp(`${target.images.shared}\\s*\\|\\s*${target.member}\\s*\\|\\s*accepted`),
    );
    expect(seen('glance image-list (member, after accepting)').seen).toContain(target.images.shared);
    expect(seen('sdk update_member rejected (member; sends {status, member})').seen).toBe(
      `${target.images.shared} ${target.member} rejected`,
    );
    expect(seen('sdk update_member accepted (member)').seen).toBe(`${target.images.shared} ${target.member} accepted`);
  });

  it("refusals print Glance's words", () => {
    expect(seen('glance member-update (owner: 403)').seen).toBe(
      `HTTP 403 Forbidden: Not allowed to update members for image ${target.images.shared}.`,
    );
    expect(seen('sdk update_member (owner: 403)').seen).toMatch(
      /^HttpException: HttpException: 403: Client Error for url: <server>\/.*Not allowed to update members/,
    );
    expect(seen('glance member-update (stranger: 404)').seen).toBe(
      `HTTP 404 Not Found: Image ${target.images.shared} not found.`,
    );
    expect(seen('glance image-show (stranger: 404)').seen).toBe(
      `HTTP 404 Not Found: No image found with ID ${target.images.shared}`,
    );
    expect(seen('openstack image show (stranger: not found)').seen).toBe(`No Image found for ${target.images.shared}`);
    expect(seen('sdk get_image (stranger: 404)').seen).toMatch(/^ResourceNotFound: No Image found for/);
    // glanceclient words a 401 itself, once it could read the answer (Glance's page, not the gateway's JSON).
    expect(seen('glance image-show (unknown token: 401)').seen).toBe('Invalid OpenStack Identity credentials.');
    expect(seen('openstack image set --accept (member; needs keystone for its project)').seen).toBe(
      "'NoneType' object has no attribute 'project_id'",
    );
    for (const name of ['openstack image list (unknown token: 401)', 'sdk images (unknown token: 401)'])
      expect(seen(name).code, name).not.toBe(0);
  });
});
