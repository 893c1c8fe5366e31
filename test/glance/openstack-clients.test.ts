// The everyday commands of Debian's OpenStack clients (test/support/openstack-clients.ts), run
// unchanged against a real Glance (through the identity proxy) and against `npm start` serving the
// same world, in the same order: what a user sees must be the same, command for command, but for
// the owner's member calls until the sandbox serves them (issue 22). Prints how many agree.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRules } from '../../generated/contract.js';
import { createGlanceWorld, type GlanceWorld } from '../../scripts/glance/fixtures.js';
import { type IdentityProxy, startIdentityProxy } from '../../scripts/glance/identity-proxy.js';
import { freePort } from '../../scripts/prism.js';
import { commands, type Outcome, type Target } from '../support/openstack-clients.js';
import { type SpawnedServer, spawnServer } from '../support/servers.js';
import { glanceUrl } from './harness.js';

let proxy: IdentityProxy;
let glance: GlanceWorld;
let dir: string;
let server: SpawnedServer;
const outcomes = { glance: new Map<string, Outcome>(), sandbox: new Map<string, Outcome>() };
/** Whether the sandbox serves the owner's member list yet (the family issue adds it). */
const ownerMemberCalls = Object.values(operationRules).some(
  (rule) => rule.method === 'GET' && rule.path.endsWith('/members'),
);

const targetOf = (url: string): Target => ({
  url,
  tokens: { ...glance.tokens, unknown: 'a-token-nobody-issued' },
  member: glance.projects.member,
  images: { shared: glance.images.shared, madePrivate: glance.images.made_private, unknown: glance.images.unknown },
});

beforeAll(async () => {
  proxy = await startIdentityProxy(glanceUrl());
  glance = await createGlanceWorld(proxy);
  dir = mkdtempSync(join(tmpdir(), 'ims-glance-clients-'));
  const worldFile = join(dir, 'world.json');
  // This world stands for a plain Glance: identity is refused in Glance's words, not the gateway's.
  writeFileSync(worldFile, JSON.stringify({ ...glance.world, identity_shape: 'glance' }));
  server = spawnServer('start', await freePort(), ['--world', worldFile]);
  await server.ready;
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A command that cannot agree yet: the owner's member calls, until the sandbox serves them. */
const expectedToDiffer = (name: string) =>
  commands.some((c) => c.name === name && c.needsOwnerMemberCalls) && !ownerMemberCalls;

describe('Debian OpenStack clients: a real Glance and npm start, the same world, the same commands', () => {
  // One test per command, in the order a user runs them (the accept changes what later lists
  // show): both servers at once, the same command line but for the URL.
  for (const command of commands)
    it(command.name, async () => {
      const [g, s] = await Promise.all([command.run(targetOf(proxy.url)), command.run(targetOf(server.url))]);
      outcomes.glance.set(command.name, g);
      outcomes.sandbox.set(command.name, s);
      const same = g.code === s.code && g.seen === s.seen;
      const shown = `Glance (exit ${g.code}): ${g.seen}\nsandbox (exit ${s.code}): ${s.seen}`;
      expect(same, shown).toBe(!expectedToDiffer(command.name));
    });

  it('counts the commands that agree, and no tool crashes on npm start where it does not on Glance', () => {
    const same = commands.filter((c) => {
      const [g, s] = [outcomes.glance.get(c.name), outcomes.sandbox.get(c.name)];
      return g && s && g.code === s.code && g.seen === s.seen;
    });
    console.log(
      `openstack clients: ${same.length} of ${commands.length} everyday commands give the same outcome on npm start as on Glance`,
    );
    expect(outcomes.sandbox.size).toBe(commands.length);
    const crashedOnlyHere = commands.filter(
      (c) => outcomes.sandbox.get(c.name)?.crashed && !outcomes.glance.get(c.name)?.crashed,
    );
    expect(crashedOnlyHere.map((c) => c.name)).toEqual([]);
  });
});
